package io.socialsync.responder.window;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.LlmMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.platform.GraphStubs;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The AI's reply and the 24-hour customer-service window, with a (WireMock) LLM: a batch the reply cannot reach in
 * time costs no AI call and no credit and waits for a person; the typing indicator is shown only before an AI reply
 * and kept up while a slow one is written; a welcome request is answered with the account's welcome text.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LlmMock.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ServiceWindowReplyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aClosedWindowGetsNoAiCallNoChargeNoTypingAndWaitsForAPersonWithTheReason() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Sure, " + marker + ".\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = sentAgo(Seeds.inbound(pool, business, customer, "still open? " + marker),
                Duration.ofHours(25));

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "awaiting_human");

        assertEquals(List.of(), llmCalls(marker), "no AI call");
        assertEquals(0L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1 AND reason = 'ai_reply'",
                business.tenantId()), "no charge");
        assertEquals(100L, scalar("SELECT credit_balance FROM tenants WHERE id = $1", business.tenantId()));
        assertEquals("window_closed", scalar("SELECT reason FROM escalations WHERE conversation_id = (SELECT "
                + "conversation_id FROM messages WHERE id = $1) AND resolved_at IS NULL", burst.get(0).id()));
        assertEquals(List.of(), GraphStubs.requests(business.phoneNumberId()), "no typing, no read, no reply");
        String slug = (String) scalar("SELECT slug FROM tenants WHERE id = $1", business.tenantId());
        String conversation = scalar("SELECT conversation_id FROM messages WHERE id = $1", burst.get(0).id())
                .toString();
        given().header("Authorization", "Bearer " + tenantKey(slug)).when().get("/admin/conversations/waiting")
                .then().statusCode(200)
                .body("conversations.find { it.id == '" + conversation + "' }.reason",
                        org.hamcrest.Matchers.equalTo("window_closed"));
    }

    @Test
    void aWindowClosingBeforeTheReplyCouldGoOutCountsAsClosed() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Sure, " + marker + ".\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        List<UnifiedMessage> burst = sentAgo(Seeds.inbound(pool, business, customer(), "hello " + marker),
                Duration.ofHours(24).minusSeconds(20));

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "awaiting_human");

        assertEquals(List.of(), llmCalls(marker), "20 s left is less than the margin a reply needs");
    }

    @Test
    void aSlowAiReplyKeepsTheTypingIndicatorShownUntilItIsSent() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Here is the answer about " + marker + ".\",\"confidence\":0.9}", 2_500);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "tell me about " + marker);

        Seeds.makeDue(redis, burst);
        // The JVM's first AI call may outlast its budget once (client start-up); its retry then answers.
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(25));
        while (!"answered".equals(scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()))
                && Instant.now().isBefore(giveUp)) {
            Seeds.pause(50);
        }
        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");
        int shown = typing(business, burst.get(0)).size();
        assertTrue(shown >= 3, "shown, then refreshed at least twice in 2.5 s at a 1 s period: " + shown);
        Seeds.pause(1_500);
        assertEquals(shown, typing(business, burst.get(0)).size(), "no refresh after the reply went out");
        assertEquals(1, Seeds.replies(business, customer).stream()
                .filter(request -> request.getBodyAsString().contains("\"type\":\"text\"")).count());
    }

    @Test
    void onInstagramASlowReplyRefreshesTypingOnAndMarksSeenOnce() {
        String marker = marker();
        answers(marker, "{\"reply\":\"All about " + marker + ".\",\"confidence\":0.9}", 2_500);
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE social_accounts SET platform = 'instagram' WHERE id = $1", business.accountId());
        String customer = "igsid-" + UUID.randomUUID();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "tell me about " + marker).stream()
                .map(message -> new UnifiedMessage(message.id(), Platform.INSTAGRAM, message.accountId(),
                        message.contactId(), message.platformMessageId(), message.type(), message.text(), null, null,
                        message.tokenCount(), message.receivedAt(), true))
                .toList();

        Seeds.makeDue(redis, burst);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(25));
        while (!"answered".equals(scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()))
                && Instant.now().isBefore(giveUp)) {
            Seeds.pause(50);
        }
        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<String> actions = GraphStubs.requests(business.phoneNumberId(), "$.sender_action",
                com.github.tomakehurst.wiremock.client.WireMock.matching(".*")).stream()
                .map(request -> JsonCodec.decode(request.getBodyAsString(), JsonNode.class).path("sender_action")
                        .asText())
                .toList();
        assertTrue(actions.stream().filter("typing_on"::equals).count() >= 3, "typing_on refreshed: " + actions);
        assertEquals(1, actions.stream().filter("mark_seen"::equals).count(), "seen once: " + actions);
    }

    @Test
    void aWelcomeRequestIsAnsweredWithTheAccountsWelcomeTextWithoutTheAi() {
        String marker = marker();
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE tenants SET system_prompt = $2 WHERE id = $1", business.tenantId(), "You are " + marker);
        execute("INSERT INTO account_messaging (account_id, welcome_text) VALUES ($1, $2)", business.accountId(),
                "Welcome to our shop! Ask us anything.");
        String customer = customer();
        List<UnifiedMessage> welcome = welcomeRequest(business, customer);

        Seeds.makeDue(redis, welcome);
        Seeds.awaitStatus(pool, welcome.get(0).id(), "answered");

        List<LoggedRequest> sent = Seeds.replies(business, customer);
        assertEquals(1, sent.size());
        assertEquals("Welcome to our shop! Ask us anything.", JsonCodec.decode(sent.get(0).getBodyAsString(),
                JsonNode.class).path("text").path("body").asText());
        assertEquals(List.of(), llmCalls(marker), "no AI call");
        assertEquals(0L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business.tenantId()),
                "no charge");
        assertEquals(0, typing(business, welcome.get(0)).size(), "nothing to type");
    }

    @Test
    void aWelcomeRequestWithoutAWelcomeTextIsIgnoredAndBesideAQuestionTheQuestionIsAnswered() {
        String marker = marker();
        answers(marker, "{\"reply\":\"We open at 9.\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE tenants SET system_prompt = $2 WHERE id = $1", business.tenantId(), "You are " + marker);
        String alone = customer();
        List<UnifiedMessage> welcome = welcomeRequest(business, alone);

        Seeds.makeDue(redis, welcome);
        Seeds.awaitStatus(pool, welcome.get(0).id(), "ignored");
        assertTrue(((String) scalar("SELECT status_detail FROM messages WHERE id = $1", welcome.get(0).id()))
                .contains("no welcome message"));
        assertEquals(List.of(), Seeds.replies(business, alone));
        assertEquals(List.of(), llmCalls(marker));

        String mixed = customer();
        List<UnifiedMessage> batch = new java.util.ArrayList<>(welcomeRequest(business, mixed));
        batch.addAll(Seeds.moreInbound(pool, business, mixed, "when do you open?"));
        Seeds.makeDue(redis, batch);
        Seeds.awaitStatus(pool, batch.get(1).id(), "answered");
        assertEquals("We open at 9.", JsonCodec.decode(Seeds.awaitReplies(business, mixed, 1).get(0)
                .getBodyAsString(), JsonNode.class).path("text").path("body").asText());
        JsonNode prompt = JsonCodec.decode(llmCalls(marker).get(0).getBodyAsString(), JsonNode.class);
        JsonNode messages = prompt.path("messages");
        assertEquals("when do you open?", messages.get(messages.size() - 1).path("content").asText(),
                "the AI sees the question alone");
    }

    /** The stored messages and their stream copies as if the customer wrote {@code ago}. */
    private List<UnifiedMessage> sentAgo(List<UnifiedMessage> messages, Duration ago) {
        Instant at = Instant.now().minus(ago);
        for (UnifiedMessage message : messages) {
            pool.preparedQuery("UPDATE messages SET sent_at = $2 WHERE id = $1")
                    .execute(Tuple.of(message.id(), at.atOffset(java.time.ZoneOffset.UTC))).await().atMost(WAIT);
        }
        return messages.stream().map(message -> new UnifiedMessage(message.id(), message.platform(),
                message.accountId(), message.contactId(), message.platformMessageId(), message.type(),
                message.text(), message.media(), message.replyToId(), message.tokenCount(), at,
                message.planAllowed())).toList();
    }

    /** A WhatsApp request_welcome as ingest stores and enqueues it: a message of its own type, without text. */
    private List<UnifiedMessage> welcomeRequest(Seeds.Business business, String customer) {
        Seeds.inbound(pool, business, customer);
        UnifiedMessage message = new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, business.phoneNumberId(),
                customer, "wamid.welcome-" + UUID.randomUUID(), UnifiedMessageType.WELCOME_REQUEST, null, null, null,
                0, Instant.now(), true);
        pool.preparedQuery("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, platform_message_id, status,
                                      sent_at)
                SELECT $1, c.id, c.account_id, 'inbound', 'welcome_request', $2, 'received', now()
                FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
                WHERE c.account_id = $3 AND ct.platform_contact_id = $4""")
                .execute(Tuple.of(message.id(), message.platformMessageId(), business.accountId(), customer))
                .await().atMost(WAIT);
        return List.of(message);
    }

    private static List<LoggedRequest> typing(Seeds.Business business, UnifiedMessage message) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.typing_indicator"))
                .withRequestBody(matchingJsonPath("$.message_id", equalTo(message.platformMessageId()))));
    }

    /** The LLM answers {@code content} to any request that mentions {@code marker}. */
    private static void answers(String marker, String content, int delayMillis) {
        LlmMock.server().stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing(marker))
                .willReturn(okJson(JsonCodec.encode(Map.of("choices", List.of(Map.of("message",
                        Map.of("role", "assistant", "content", content)))))).withFixedDelay(delayMillis)));
    }

    private static List<LoggedRequest> llmCalls(String marker) {
        return LlmMock.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    }

    private static String tenantKey(String slug) {
        return given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"window test\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath().getString("key");
    }

    private static String marker() {
        return "zw" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String customer() {
        return "49157" + (10_000_000 + (long) (Math.random() * 89_999_999));
    }

    private void execute(String sql, Object... parameters) {
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT);
    }

    private Object scalar(String sql, Object parameter) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getValue(0);
    }
}
