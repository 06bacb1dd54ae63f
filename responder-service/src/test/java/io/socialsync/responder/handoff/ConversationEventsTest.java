package io.socialsync.responder.handoff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The person taking a conversation over reads what happened besides messages, for their tenant only. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ConversationEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void callsAndTheCustomersStateAreReadNewestFirstByTheirTenantOnly() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915300" + (100_000 + (long) (Math.random() * 800_000));
        List<UnifiedMessage> inbound = Seeds.inbound(pool, business, customer, "hello");
        UUID conversation = pool.preparedQuery("SELECT conversation_id FROM messages WHERE id = $1")
                .execute(Tuple.of(inbound.get(0).id())).await().atMost(WAIT).iterator().next().getUUID(0);
        // As ingest records them (ConversationEventStore).
        execute("""
                INSERT INTO conversation_events (conversation_id, kind, attributes, occurred_at) VALUES
                    ($1, 'call', '{"call_id": "wacid.1", "event": "connect"}', now() - interval '2 minutes'),
                    ($1, 'call', '{"call_id": "wacid.1", "event": "terminate", "duration": "99"}', now() - interval '1 minute'),
                    ($1, 'call_permission', '{"response": "accept"}', now())""",
                conversation);
        execute("UPDATE conversations SET call_permission = 'accept' WHERE id = $1", conversation);
        execute("UPDATE contacts SET marketing_opt_out_at = now(), username = '@sheena' WHERE id = "
                + "(SELECT contact_id FROM conversations WHERE id = $1)", conversation);

        asTenant(business).when().get("/admin/conversations/{id}/events", conversation).then().statusCode(200)
                .body("threadOwner", equalTo("us"))
                .body("callPermission", equalTo("accept"))
                .body("customerId", equalTo(customer))
                .body("username", equalTo("@sheena"))
                .body("marketingOptOutAt", notNullValue())
                .body("events", hasSize(3))
                .body("events[0].kind", equalTo("call_permission"))
                .body("events[1].attributes.event", equalTo("terminate"))
                .body("events[1].attributes.duration", equalTo("99"));
        asTenant(business).when().get("/admin/conversations/{id}/events?limit=1", conversation).then()
                .statusCode(200).body("events", hasSize(1));
        AdminFixtures.tenant(pool).asTenant().when().get("/admin/conversations/{id}/events", conversation).then()
                .statusCode(404);
        given().when().get("/admin/conversations/{id}/events", conversation).then().statusCode(401);
    }

    private void execute(String sql, UUID conversation) {
        pool.preparedQuery(sql).execute(Tuple.of(conversation)).await().atMost(WAIT);
    }

    private RequestSpecification asTenant(Seeds.Business business) {
        String slug = pool.preparedQuery("SELECT slug FROM tenants WHERE id = $1")
                .execute(Tuple.of(business.tenantId()))
                .await().atMost(WAIT).iterator().next().getString(0);
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"events test\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath().getString("key");
        return given().header("Authorization", "Bearer " + key);
    }
}
