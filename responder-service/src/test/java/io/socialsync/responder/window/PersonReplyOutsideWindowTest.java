package io.socialsync.responder.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.platform.GraphStubs;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A person's reply after the 24-hour window: the account's approved template on WhatsApp (configured through the
 * accounts API, checked and audited), 409 without one; on Instagram tagged HUMAN_AGENT for 7 days, 409 after.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class PersonReplyOutsideWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void afterTheWindowAWhatsAppReplyGoesOutOnceAsTheAccountsTemplateWithTheTextAsItsParameter() {
        Seeds.Business business = Seeds.business(pool);
        RequestSpecification tenant = asTenant(business);
        tenant.contentType(ContentType.JSON).body("""
                {"windowTemplate":{"name":"reply_from_our_team","language":"en_US"},"welcomeText":"Welcome!"}""")
                .when().put("/admin/accounts/{id}/messaging", business.accountId()).then().statusCode(200)
                .body("windowTemplate.name", equalTo("reply_from_our_team"))
                .body("windowTemplate.textParameter", equalTo(true));
        String customer = "49158" + (10_000_000 + (long) (Math.random() * 89_999_999));
        UUID conversation = waitingSince(business, customer, Duration.ofHours(30));

        asTenant(business).contentType(ContentType.JSON).header("Idempotency-Key", "late-1")
                .body("{\"text\":\"Hi, Maria here.\\nYes, we can do that.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200);
        asTenant(business).contentType(ContentType.JSON).header("Idempotency-Key", "late-1")
                .body("{\"text\":\"Hi, Maria here.\\nYes, we can do that.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200);

        List<LoggedRequest> sent = GraphStubs.requests(business.phoneNumberId(), "$.to",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(customer));
        assertEquals(1, sent.size(), "sent once");
        JsonNode body = JsonCodec.decode(sent.get(0).getBodyAsString(), JsonNode.class);
        assertEquals("template", body.path("type").asText());
        assertEquals("reply_from_our_team", body.path("template").path("name").asText());
        assertEquals("en_US", body.path("template").path("language").path("code").asText());
        JsonNode component = body.path("template").path("components").get(0);
        assertEquals("body", component.path("type").asText());
        assertEquals("Hi, Maria here. Yes, we can do that.", component.path("parameters").get(0).path("text")
                .asText(), "the person's text as {{1}}, without the line break Meta refuses in a parameter");
        assertFalse(body.has("text"));
        assertEquals("answered", scalar("SELECT status FROM messages WHERE conversation_id = $1 AND direction = "
                + "'inbound'", conversation));
    }

    @Test
    void aTemplateWithoutParameterGoesOutAsItIs() {
        Seeds.Business business = Seeds.business(pool);
        asTenant(business).contentType(ContentType.JSON).body("""
                {"windowTemplate":{"name":"we_have_an_answer","language":"de","textParameter":false}}""")
                .when().put("/admin/accounts/{id}/messaging", business.accountId()).then().statusCode(200);
        String customer = "49158" + (10_000_000 + (long) (Math.random() * 89_999_999));
        UUID conversation = waitingSince(business, customer, Duration.ofDays(2));

        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Your order is ready.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200);

        JsonNode body = JsonCodec.decode(GraphStubs.requests(business.phoneNumberId()).get(0).getBodyAsString(),
                JsonNode.class);
        assertEquals("we_have_an_answer", body.path("template").path("name").asText());
        assertFalse(body.path("template").has("components"));
    }

    @Test
    void withoutATemplateAWhatsAppReplyAfterTheWindowIsRefusedWithAClearProblem() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = waitingSince(business, "4915800000001", Duration.ofHours(25));

        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Sorry for the wait.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("template"));
        assertEquals(List.of(), GraphStubs.requests(business.phoneNumberId()), "nothing sent");
        assertEquals(0L, scalar("SELECT count(*) FROM messages WHERE conversation_id = $1 AND direction = "
                + "'outbound'", conversation), "nothing recorded");
    }

    @Test
    void onInstagramAPersonAnswersTaggedHumanAgentOnDayThreeAndNotAfterAWeek() {
        Seeds.Business business = instagramBusiness();
        String customer = "igsid-" + UUID.randomUUID();
        UUID dayThree = waitingSince(business, customer, Duration.ofDays(3));

        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Maria here, sorry for the wait.\"}")
                .when().post("/admin/conversations/{id}/replies", dayThree).then().statusCode(200);
        List<LoggedRequest> sent = GraphStubs.requests(business.phoneNumberId(), "$.recipient.id",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(customer));
        assertEquals(1, sent.size());
        JsonNode body = JsonCodec.decode(sent.get(0).getBodyAsString(), JsonNode.class);
        assertEquals("MESSAGE_TAG", body.path("messaging_type").asText());
        assertEquals("HUMAN_AGENT", body.path("tag").asText());
        assertEquals("Maria here, sorry for the wait.", body.path("message").path("text").asText());

        UUID dayEight = waitingSince(business, "igsid-" + UUID.randomUUID(), Duration.ofDays(8));
        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Hello?\"}")
                .when().post("/admin/conversations/{id}/replies", dayEight).then().statusCode(409)
                .body("detail", containsString("7 days"));
    }

    @Test
    void withinTheWindowAnInstagramReplyCarriesNoTag() {
        Seeds.Business business = instagramBusiness();
        String customer = "igsid-" + UUID.randomUUID();
        UUID conversation = waitingSince(business, customer, Duration.ofHours(2));

        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Right away.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200);
        JsonNode body = JsonCodec.decode(GraphStubs.requests(business.phoneNumberId()).get(0).getBodyAsString(),
                JsonNode.class);
        assertFalse(body.has("tag"));
        assertFalse(body.has("messaging_type"));
    }

    @Test
    void messagingSettingsAreCheckedReadBackAndAudited() {
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE social_accounts SET waba_id = $2, platform_status = 'RESTRICTED', "
                + "platform_status_detail = 'violation: spam', platform_status_at = now() WHERE id = $1",
                business.accountId(), "waba-" + business.phoneNumberId());
        execute("""
                INSERT INTO whatsapp_templates (waba_id, template_id, name, language, status, quality, category)
                VALUES ($1, $2, 'paused_one', 'en_US', 'PAUSED', 'RED', 'UTILITY'),
                       ($1, $3, 'good_one', 'en_US', 'APPROVED', 'GREEN', 'UTILITY')""",
                "waba-" + business.phoneNumberId(), "t1-" + business.phoneNumberId(), "t2-" + business.phoneNumberId());
        RequestSpecification tenant = asTenant(business);

        for (String invalid : List.of("{\"windowTemplate\":{\"name\":\"Bad Name\",\"language\":\"en_US\"}}",
                "{\"windowTemplate\":{\"name\":\"good_one\",\"language\":\"english\"}}",
                "{\"windowTemplate\":{\"name\":\"paused_one\",\"language\":\"en_US\"}}", "{\"welcomeText\":\"  \"}")) {
            asTenant(business).contentType(ContentType.JSON).body(invalid)
                    .when().put("/admin/accounts/{id}/messaging", business.accountId()).then().statusCode(422)
                    .contentType("application/problem+json");
        }
        tenant.contentType(ContentType.JSON).body("{\"windowTemplate\":{\"name\":\"good_one\",\"language\":\"en_US\"}}")
                .when().put("/admin/accounts/{id}/messaging", business.accountId()).then().statusCode(200);
        asTenant(business).when().get("/admin/accounts/{id}/messaging", business.accountId()).then()
                .statusCode(200).body("windowTemplate.name", equalTo("good_one")).body("welcomeText", nullValue());
        asTenant(business).when().get("/admin/accounts/{id}/templates", business.accountId()).then()
                .statusCode(200).body("name", org.hamcrest.Matchers.contains("good_one", "paused_one"))
                .body("find { it.name == 'paused_one' }.quality", equalTo("RED"));
        asTenant(business).when().get("/admin/accounts/{id}", business.accountId()).then().statusCode(200)
                .body("platformStatus", equalTo("RESTRICTED"))
                .body("platformStatusDetail", equalTo("violation: spam"));
        AdminFixtures.tenant(pool).asTenant().when().get("/admin/accounts/{id}/messaging", business.accountId())
                .then().statusCode(404);
        assertEquals(1L, scalar("SELECT count(*) FROM audit_log WHERE target = '/admin/accounts/"
                + business.accountId() + "/messaging' AND status = 200", null), "the change is audited");

        Seeds.Business instagram = instagramBusiness();
        asTenant(instagram).contentType(ContentType.JSON)
                .body("{\"windowTemplate\":{\"name\":\"good_one\",\"language\":\"en_US\"}}")
                .when().put("/admin/accounts/{id}/messaging", instagram.accountId()).then().statusCode(422)
                .body("detail", containsString("only WhatsApp"));
        asTenant(instagram).when().get("/admin/accounts/{id}/templates", instagram.accountId()).then()
                .statusCode(200).body("size()", equalTo(0));
        asTenant(business).when().get("/admin/accounts").then().statusCode(200)
                .body("platformStatus", hasItem("RESTRICTED"));
    }

    /** A conversation waiting for a person whose customer last wrote {@code ago}. */
    private UUID waitingSince(Seeds.Business business, String customer, Duration ago) {
        List<UnifiedMessage> inbound = Seeds.inbound(pool, business, customer, "is anyone there?");
        execute("UPDATE messages SET status = 'awaiting_human', sent_at = $2 WHERE id = $1", inbound.get(0).id(),
                Instant.now().minus(ago).atOffset(ZoneOffset.UTC));
        UUID conversation = (UUID) scalar("SELECT conversation_id FROM messages WHERE id = $1", inbound.get(0).id());
        execute("UPDATE conversations SET status = 'waiting_for_human' WHERE id = $1", conversation);
        return conversation;
    }

    private Seeds.Business instagramBusiness() {
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE social_accounts SET platform = 'instagram' WHERE id = $1", business.accountId());
        return business;
    }

    private RequestSpecification asTenant(Seeds.Business business) {
        String slug = (String) scalar("SELECT slug FROM tenants WHERE id = $1", business.tenantId());
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"window test\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath().getString("key");
        return given().header("Authorization", "Bearer " + key);
    }

    private void execute(String sql, Object... parameters) {
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT);
    }

    private Object scalar(String sql, Object parameter) {
        var rows = pool.preparedQuery(sql).execute(parameter == null ? Tuple.tuple() : Tuple.of(parameter))
                .await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getValue(0);
    }
}
