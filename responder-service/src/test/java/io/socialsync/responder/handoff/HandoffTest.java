package io.socialsync.responder.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
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
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A person takes over: the waiting queue, the AI switch and a person's reply, each for its own tenant only. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class HandoffTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void anEscalatedConversationIsQueuedForItsTenantOnly() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = escalated(business, "4915300000001");

        asTenant(business).when().get("/admin/conversations/waiting").then().statusCode(200)
                .body("conversations.id", hasItem(conversation.toString()))
                .body("conversations.find { it.id == '" + conversation + "' }.reason", equalToString("low_confidence"))
                .body("conversations.find { it.id == '" + conversation + "' }.customerId",
                        equalToString("4915300000001"));
        AdminFixtures.tenant(pool).asTenant().when().get("/admin/conversations/waiting").then().statusCode(200)
                .body("conversations.id", not(hasItem(conversation.toString())));
    }

    @Test
    void aPersonsReplyIsSentStoredAndAnswersWhatWaited() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915300000002";
        UUID conversation = escalated(business, customer);

        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Hi, Maria here. Yes, we can do that.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200)
                .body("platformMessageIds.size()", org.hamcrest.Matchers.is(1));

        List<LoggedRequest> sent = GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + business.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
        assertEquals(1, sent.size());
        assertEquals("Hi, Maria here. Yes, we can do that.", JsonCodec.decode(sent.get(0).getBodyAsString(),
                JsonNode.class).path("text").path("body").asText());
        Row outbound = row("SELECT status, status_detail, platform_message_id FROM messages WHERE conversation_id = $1 "
                + "AND direction = 'outbound'", conversation);
        assertEquals("sent", outbound.getString("status"));
        assertEquals("operator", outbound.getString("status_detail"));
        assertEquals("answered", row("SELECT status FROM messages WHERE conversation_id = $1 AND direction = "
                + "'inbound'", conversation).getString(0), "what waited for a person is answered");
        Row after = row("SELECT ai_enabled, ai_paused_until > now() AS paused, status FROM conversations WHERE id = $1",
                conversation);
        assertEquals(true, after.getBoolean("paused"), "a person's reply pauses the AI for the human pause");
        assertEquals(true, after.getBoolean("ai_enabled"), "paused, not switched off");
        assertEquals("open", after.getString("status"), "the person answered what waited");
    }

    @Test
    void aRetriedReplyWithTheSameIdempotencyKeyIsSentOnce() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915300000009";
        UUID conversation = escalated(business, customer);
        String first = asTenant(business).contentType(ContentType.JSON).header("Idempotency-Key", "reply-1")
                .body("{\"text\":\"We can do that.\"}").when().post("/admin/conversations/{id}/replies", conversation)
                .then().statusCode(200).extract().jsonPath().getString("platformMessageIds[0]");
        String again = asTenant(business).contentType(ContentType.JSON).header("Idempotency-Key", "reply-1")
                .body("{\"text\":\"We can do that.\"}").when().post("/admin/conversations/{id}/replies", conversation)
                .then().statusCode(200).extract().jsonPath().getString("platformMessageIds[0]");

        assertEquals(first, again, "the same reply");
        assertEquals(1, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(customer)))).size(), "sent once");
    }

    @Test
    void aPersonsReplyPausesTheAiForTheHumanPauseThenItAnswersAgain() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "Opening hours: our shop is open from 9 to 18, Monday to Saturday.");
        String customer = "4915300000010";
        UUID conversation = escalated(business, customer);
        asTenant(business).contentType(ContentType.JSON).body("{\"text\":\"Maria here, happy to help.\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(200);

        List<UnifiedMessage> during = Seeds.moreInbound(pool, business, customer, "What are your opening hours?");
        Seeds.makeDue(redis, during);
        Seeds.awaitStatus(pool, during.get(0).id(), "awaiting_human");
        assertEquals(1, Seeds.replies(business, customer).size(), "the AI keeps quiet while the person talks");

        Seeds.pause(3_000); // the test profile's human pause
        List<UnifiedMessage> after = Seeds.moreInbound(pool, business, customer, "What are your opening hours?");
        Seeds.makeDue(redis, after);
        Seeds.awaitStatus(pool, after.get(0).id(), "answered");
        assertEquals(2, Seeds.replies(business, customer).size(), "the AI answers again after the pause");
    }

    @Test
    void theAiIsSwitchedOnAndOffPerConversation() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = escalated(business, "4915300000003");

        asTenant(business).contentType(ContentType.JSON).body("{\"enabled\":true}")
                .when().put("/admin/conversations/{id}/ai", conversation).then().statusCode(204);
        Row on = row("SELECT ai_enabled, status FROM conversations WHERE id = $1", conversation);
        assertEquals(true, on.getBoolean("ai_enabled"));
        assertEquals("open", on.getString("status"));
        assertEquals(0L, row("SELECT count(*) FROM escalations WHERE conversation_id = $1 AND resolved_at IS NULL",
                conversation).getLong(0), "the escalation is resolved");

        asTenant(business).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .when().put("/admin/conversations/{id}/ai", conversation).then().statusCode(204);
        Row off = row("SELECT ai_enabled, status FROM conversations WHERE id = $1", conversation);
        assertEquals(false, off.getBoolean("ai_enabled"));
        assertEquals("waiting_for_human", off.getString("status"));
        assertEquals("operator", row("SELECT reason FROM escalations WHERE conversation_id = $1 AND resolved_at IS "
                + "NULL", conversation).getString(0));

        asTenant(business).contentType(ContentType.JSON).body("{}")
                .when().put("/admin/conversations/{id}/ai", conversation).then().statusCode(400);
    }

    @Test
    void anotherTenantCannotSwitchOrReplyToAConversation() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915300000004";
        UUID conversation = escalated(business, customer);
        RequestSpecification stranger = AdminFixtures.tenant(pool).asTenant();

        stranger.contentType(ContentType.JSON).body("{\"enabled\":true}")
                .when().put("/admin/conversations/{id}/ai", conversation).then().statusCode(404);
        AdminFixtures.tenant(pool).asTenant().contentType(ContentType.JSON).body("{\"text\":\"hello from elsewhere\"}")
                .when().post("/admin/conversations/{id}/replies", conversation).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"enabled\":true}")
                .when().put("/admin/conversations/{id}/ai", conversation).then().statusCode(401);

        assertEquals(true, row("SELECT ai_enabled FROM conversations WHERE id = $1", conversation).getBoolean(0));
        assertEquals(0, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(customer)))).size());
        assertNull(row("SELECT resolved_at FROM escalations WHERE conversation_id = $1", conversation).getValue(0));
    }

    /** A conversation the AI handed to a person, with a message waiting, as ReplyService leaves it. */
    private UUID escalated(Seeds.Business business, String customer) {
        List<UnifiedMessage> inbound = Seeds.inbound(pool, business, customer, "can I pay in bitcoin?");
        UUID conversation = row("SELECT conversation_id FROM messages WHERE id = $1", inbound.get(0).id()).getUUID(0);
        pool.preparedQuery("UPDATE messages SET status = 'awaiting_human' WHERE id = $1")
                .execute(Tuple.of(inbound.get(0).id())).await().atMost(WAIT);
        pool.preparedQuery("UPDATE conversations SET status = 'waiting_for_human' WHERE id = $1")
                .execute(Tuple.of(conversation)).await().atMost(WAIT);
        pool.preparedQuery("""
                INSERT INTO escalations (tenant_id, conversation_id, reason, confidence)
                VALUES ($1, $2, 'low_confidence', 0.2)""").execute(Tuple.of(business.tenantId(), conversation))
                .await().atMost(WAIT);
        return conversation;
    }

    /** The tenant of a seeded business, signed in with a key the operator made for it. */
    private RequestSpecification asTenant(Seeds.Business business) {
        String slug = row("SELECT slug FROM tenants WHERE id = $1", business.tenantId()).getString(0);
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"handoff test\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath().getString("key");
        return given().header("Authorization", "Bearer " + key);
    }

    private static org.hamcrest.Matcher<Object> equalToString(String expected) {
        return org.hamcrest.Matchers.equalTo(expected);
    }

    private Row row(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next();
    }
}
