package io.socialsync.responder.credits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.agent.CreditLedger;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The credits lifecycle on the real PostgreSQL: period grants once per tenant and period (two instances at once, and
 * a restart), rollover or expiry, top-ups and plan changes in the balance and the ledger, usage that sums the ledger.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class CreditsLifecycleTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    CreditsConfig config;

    @Inject
    CreditLedger ledger;

    @Test
    void twoReplicasGrantAPeriodOnceAndARestartGrantsItNoMore() {
        Seeds.Business business = Seeds.business(pool); // starter, 100 credits, no ledger entry yet
        Credits replicaA = new Credits(pool, config);
        Credits replicaB = new Credits(pool, config);
        String first = "test-" + UUID.randomUUID();
        String second = "test-" + UUID.randomUUID();

        List<Credits.Grant> opened = concurrently(replicaA, replicaB, business.tenantId(), first);
        assertEquals(1, opened.stream().filter(Credits.Grant.OPENED::equals).count(), opened.toString());
        assertEquals(100L, balance(business.tenantId()), "the credits it was created with are the first grant");

        List<Credits.Grant> granted = concurrently(replicaA, replicaB, business.tenantId(), second);
        assertEquals(1, granted.stream().filter(Credits.Grant.GRANTED::equals).count(), granted.toString());
        assertEquals(2000L, balance(business.tenantId()), "the leftover expired, the starter plan's 2000 granted");

        Credits afterRestart = new Credits(pool, config);
        assertEquals(Credits.Grant.ALREADY_GRANTED,
                afterRestart.grant(business.tenantId(), second, Credits.SYSTEM).await().atMost(AWAIT));
        assertEquals(2000L, balance(business.tenantId()));
        assertEquals(1L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1 AND period = $2 "
                + "AND reason = 'plan_grant'", business.tenantId(), second));
        assertEquals(1L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1 AND period = $2 "
                + "AND reason = 'period_expiry'", business.tenantId(), second));
        assertLedgerSumsToBalance(business.tenantId());
    }

    @Test
    void withRolloverTheLeftoverStays() {
        Seeds.Business business = Seeds.business(pool);
        Credits rolling = new Credits(pool, new Rollover(config));
        rolling.grant(business.tenantId(), "test-" + UUID.randomUUID(), Credits.SYSTEM).await().atMost(AWAIT);

        assertEquals(Credits.Grant.GRANTED,
                rolling.grant(business.tenantId(), "test-" + UUID.randomUUID(), Credits.SYSTEM).await().atMost(AWAIT));

        assertEquals(2100L, balance(business.tenantId()));
        assertLedgerSumsToBalance(business.tenantId());
    }

    @Test
    void topUpAndPlanChangesShowInBalanceAndLedger() {
        String slug = "credits-" + UUID.randomUUID();
        operator().contentType(ContentType.JSON)
                .body("{\"slug\":\"" + slug + "\",\"name\":\"Shop\",\"plan\":\"starter\"}")
                .when().post("/admin/tenants").then().statusCode(201).body("creditBalance", equalTo(2000));
        UUID tenant = UUID.fromString(String.valueOf(
                scalar("SELECT id::text FROM tenants WHERE slug = $1", slug)));

        operator().contentType(ContentType.JSON).body("{\"credits\":500,\"note\":\"goodwill\"}")
                .when().post("/admin/tenants/{slug}/credits", slug).then().statusCode(200)
                .body("balance", equalTo(2500));
        operator().contentType(ContentType.JSON).body("{\"plan\":\"pro\",\"effective\":\"now\"}")
                .when().put("/admin/tenants/{slug}/plan", slug).then().statusCode(200);

        JsonPath usage = operator().when().get("/admin/tenants/{slug}/credits", slug).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(20_500, usage.getInt("balance"), "2000 + 500 + (20000 - 2000) for the upgrade");
        assertEquals("pro", usage.getString("plan"));
        assertEquals(20_500, usage.getInt("granted"));
        assertEquals(List.of("plan_grant", "top_up", "plan_change"), usage.getList("grants.reason"));

        JsonPath page = operator().queryParam("size", 2).when().get("/admin/tenants/{slug}/credits/ledger", slug)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("plan_change", "top_up"), page.getList("reason"));
        assertEquals(List.of("operator", "operator"), page.getList("actor"));
        long last = page.getLong("[1].id");
        operator().queryParam("size", 2).queryParam("before", last)
                .when().get("/admin/tenants/{slug}/credits/ledger", slug).then().statusCode(200)
                .body("reason", equalTo(List.of("plan_grant"))).body("[0].delta", equalTo(2000));
        assertLedgerSumsToBalance(tenant);

        operator().contentType(ContentType.JSON).body("{\"plan\":\"gold\"}").when().put("/admin/tenants/{slug}/plan",
                slug).then().statusCode(400).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body("{\"credits\":5}").when()
                .post("/admin/tenants/{slug}/credits", "no-such-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        operator().when().get("/admin/plans").then().statusCode(200)
                .body("code", equalTo(List.of("free", "starter", "pro")));
    }

    @Test
    void aPlanChangeForTheNextPeriodWaitsForItsGrant() {
        Seeds.Business business = Seeds.business(pool);
        String slug = String.valueOf(scalar("SELECT slug FROM tenants WHERE id = $1", business.tenantId()));
        Credits credits = new Credits(pool, config);
        credits.grant(business.tenantId(), "test-" + UUID.randomUUID(), Credits.SYSTEM).await().atMost(AWAIT);

        operator().contentType(ContentType.JSON).body("{\"plan\":\"free\",\"effective\":\"next_period\"}")
                .when().put("/admin/tenants/{slug}/plan", slug).then().statusCode(200)
                .body("effective", equalTo("next_period"));
        operator().when().get("/admin/tenants/{slug}/credits", slug).then().statusCode(200)
                .body("plan", equalTo("starter")).body("nextPlan", equalTo("free")).body("balance", equalTo(100));

        credits.grant(business.tenantId(), "test-" + UUID.randomUUID(), Credits.SYSTEM).await().atMost(AWAIT);

        operator().when().get("/admin/tenants/{slug}/credits", slug).then().statusCode(200)
                .body("plan", equalTo("free")).body("balance", equalTo(100)); // the free plan's 100
        assertEquals(null, scalar("SELECT pending_plan_code FROM tenants WHERE id = $1", business.tenantId()));
        assertLedgerSumsToBalance(business.tenantId());
    }

    @Test
    void usageSumsTheLedgerAndShowsALowBalance() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool); // 0 credits
        operator().contentType(ContentType.JSON).body("{\"credits\":100}")
                .when().post("/admin/tenants/{slug}/credits", tenant.slug()).then().statusCode(200);
        operator().contentType(ContentType.JSON).body("{\"credits\":90}")
                .when().put("/admin/tenants/{slug}/low-balance-threshold", tenant.slug()).then().statusCode(200);
        double lowBefore = metric("socialsync_credits_low_balance_total");

        for (int i = 0; i < 5; i++) {
            assertEquals(CreditLedger.Charge.CHARGED,
                    ledger.chargeReply(tenant.id(), UUID.randomUUID(), 3).await().atMost(AWAIT));
        }

        JsonPath usage = tenant.asTenant().when().get("/admin/credits").then().statusCode(200).extract().jsonPath();
        assertEquals(85, usage.getInt("balance"));
        assertEquals(15, usage.getInt("consumed"));
        assertEquals(15, sum(usage.getMap("consumedByDay")));
        assertEquals(15, sum(usage.getMap("consumedByPlatform")));
        assertEquals(Map.of("reply", 15), usage.getMap("consumedByKind"));
        assertEquals(-15L, scalar("SELECT sum(delta)::bigint FROM credit_ledger WHERE tenant_id = $1 AND delta < 0 "
                + "AND period = $2", tenant.id(), usage.getString("period")), "the usage is the ledger's");
        assertTrue(usage.getBoolean("lowBalance"));
        assertEquals(90, usage.getInt("lowBalanceThreshold"));
        assertEquals(lowBefore + 1, metric("socialsync_credits_low_balance_total"), "counted once, when crossed");
        tenant.asTenant().when().get("/admin/credits/ledger").then().statusCode(200)
                .body("size()", equalTo(6)).body("[0].reason", equalTo("ai_reply")).body("[0].kind", equalTo("reply"));
        assertLedgerSumsToBalance(tenant.id());

        tenant.asTenant().contentType(ContentType.JSON).body("{\"credits\":1000}").when()
                .post("/admin/tenants/{slug}/credits", tenant.slug()).then().statusCode(403);
    }

    private List<Credits.Grant> concurrently(Credits a, Credits b, UUID tenant, String period) {
        List<Uni<Credits.Grant>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(a.grant(tenant, period, Credits.SYSTEM));
            runs.add(b.grant(tenant, period, Credits.SYSTEM));
        }
        return Uni.join().all(runs).andFailFast().await().atMost(AWAIT);
    }

    private void assertLedgerSumsToBalance(UUID tenant) {
        assertEquals(balance(tenant),
                scalar("SELECT coalesce(sum(delta), 0)::bigint FROM credit_ledger WHERE tenant_id = $1", tenant),
                "every movement is in the ledger");
    }

    private static long sum(Map<String, Object> values) {
        return values.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY);
    }

    private static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher found = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        return found.find() ? Double.parseDouble(found.group(1)) : 0;
    }

    private long balance(UUID tenant) {
        return (Long) scalar("SELECT credit_balance FROM tenants WHERE id = $1", tenant);
    }

    private Object scalar(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(AWAIT).iterator().next().getValue(0);
    }

    /** The configuration with rollover on. */
    private record Rollover(CreditsConfig delegate) implements CreditsConfig {
        @Override
        public BillingPeriod period() {
            return delegate.period();
        }

        @Override
        public boolean rollover() {
            return true;
        }

        @Override
        public Duration grantInterval() {
            return delegate.grantInterval();
        }

        @Override
        public boolean grantsEnabled() {
            return delegate.grantsEnabled();
        }

        @Override
        public int lowBalancePercent() {
            return delegate.lowBalancePercent();
        }
    }
}
