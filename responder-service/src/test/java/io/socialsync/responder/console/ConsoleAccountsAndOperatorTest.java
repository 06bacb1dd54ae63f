package io.socialsync.responder.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Accounts and usage for a tenant, and the operator's tenants, top-ups, plans and dead letters, in the console. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ConsoleAccountsAndOperatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void aTenantSeesItsAccountsAndItsCredits() {
        Seeds.Business business = Seeds.business(pool);
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));

        console.reading().when().get("/console/accounts").then().statusCode(200)
                .body(containsString(business.phoneNumberId()));
        console.changing().formParam("platform", "fax").formParam("accountId", "1").formParam("accessToken", "x")
                .when().post("/console/accounts").then().statusCode(200)
                .body(containsString("data-notice=\"account_invalid\""));
        console.reading().when().get("/console/usage").then().statusCode(200)
                .body(containsString("<strong id=\"balance\">100</strong>"));
    }

    @Test
    void theOperatorTopsUpATenantAndChangesItsPlan() {
        Seeds.Business business = Seeds.business(pool);
        String slug = slugOf(business);
        ConsoleClient operator = operator();

        operator.reading().when().get("/console/operator/tenants").then().statusCode(200)
                .body(containsString("data-tenant=\"" + slug + "\""));
        operator.changing().formParam("credits", "250").when().post("/console/operator/tenants/{slug}/top-up", slug)
                .then().statusCode(200).body(containsString("data-notice=\"top_up_done\""));
        assertEquals(350L, pool.preparedQuery("SELECT credit_balance FROM tenants WHERE slug = $1")
                .execute(Tuple.of(slug)).await().atMost(WAIT).iterator().next().getLong(0));
        operator.changing().formParam("credits", "-5").when().post("/console/operator/tenants/{slug}/top-up", slug)
                .then().statusCode(200).body(containsString("data-notice=\"top_up_invalid\""));
        operator.changing().formParam("plan", "no-such-plan").formParam("effective", "now").when()
                .post("/console/operator/tenants/{slug}/plan", slug).then().statusCode(200)
                .body(containsString("data-notice=\"unknown_plan\""));
    }

    @Test
    void theOperatorSeesDeadLettersAndATenantDoesNot() {
        ConsoleClient operator = operator();
        operator.reading().when().get("/console/operator/dead-letters").then().statusCode(200);
        operator.changing().when().post("/console/operator/dead-letters/{id}/replay", "1-0").then().statusCode(200)
                .body(containsString("data-notice=\"no_dead_letter\""));

        ConsoleClient tenant = ConsoleClient.forTenant(AdminFixtures.tenant(pool).slug());
        tenant.reading().when().get("/console/operator/tenants").then().statusCode(403);
        tenant.changing().formParam("credits", "1000").when().post("/console/operator/tenants/{slug}/top-up",
                "default").then().statusCode(403);
    }

    private static ConsoleClient operator() {
        Cookie session = given().redirects().follow(false).formParam("key", AdminFixtures.OPERATOR_KEY).when()
                .post("/console/sign-in").then().statusCode(303).extract()
                .detailedCookie(ConsoleSessionAuthenticationMechanism.COOKIE);
        String page = given().cookie(session).when().get("/console/operator/tenants").then().statusCode(200)
                .extract().asString();
        return new ConsoleClient(session, ConsoleSessionTest.csrfOf(page));
    }

    private String slugOf(Seeds.Business business) {
        return pool.preparedQuery("SELECT slug FROM tenants WHERE id = $1").execute(Tuple.of(business.tenantId()))
                .await().atMost(WAIT).iterator().next().getString(0);
    }
}
