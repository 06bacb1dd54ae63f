package io.socialsync.responder.credits;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Usage shows what Meta will bill: the period's outbound messages by platform, pricing category and billable flag, as
 * ingest stored them from the status webhooks; messages that never went out, and other periods, are not counted.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class UsagePricingTest {

    @Inject
    Pool pool;

    @Test
    void outboundMessagesAreCountedByPricingCategoryAndBillableFlag() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = Seeds.rows(pool, "SELECT conversation_id FROM messages WHERE id = $1",
                Seeds.inbound(pool, business, "4915600000001", "hi").get(0).id()).get(0).getUUID(0);
        outbound(business, conversation, "sent", "utility", true, "now()");
        outbound(business, conversation, "delivered", "utility", true, "now()");
        outbound(business, conversation, "read", "service", false, "now()");
        outbound(business, conversation, "sent", null, null, "now()");
        outbound(business, conversation, "failed", "utility", true, "now()");
        outbound(business, conversation, "sent", "marketing", true, "now() - interval '400 days'");
        String slug = Seeds.rows(pool, "SELECT slug FROM tenants WHERE id = $1", business.tenantId()).get(0)
                .getString(0);
        String key = io.restassured.RestAssured.given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY)
                .contentType(ContentType.JSON).body("{\"name\":\"usage\"}")
                .when().post("/admin/tenants/{slug}/api-keys", slug).then().statusCode(201).extract().jsonPath()
                .getString("key");

        io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).when().get("/admin/credits")
                .then().statusCode(200)
                .body("outboundByPricing", hasSize(3))
                .body("outboundByPricing.find { it.category == 'utility' }.messages", equalTo(2))
                .body("outboundByPricing.find { it.category == 'utility' }.billable", equalTo(true))
                .body("outboundByPricing.find { it.category == 'utility' }.platform", equalTo("whatsapp"))
                .body("outboundByPricing.find { it.category == 'service' }.billable", equalTo(false))
                .body("outboundByPricing.find { it.category == 'unreported' }.messages", equalTo(1));
    }

    private void outbound(Seeds.Business business, UUID conversation, String status, String category,
            Boolean billable, String sentAt) {
        pool.preparedQuery("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, sent_at,
                                      pricing_model, pricing_category, billable)
                VALUES (gen_random_uuid(), $1, $2, 'outbound', 'text', 'a reply', $3, %s, 'PMP', $4, $5)"""
                .formatted(sentAt))
                .execute(Tuple.from(new Object[]{conversation, business.accountId(), status, category, billable}))
                .await().atMost(Duration.ofSeconds(10));
    }
}
