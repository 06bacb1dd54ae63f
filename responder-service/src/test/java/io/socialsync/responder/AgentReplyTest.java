package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reply path with a (WireMock) LLM: the grounded prompt, credits, escalation, handoff and the conversation's
 * time budget, on the real PostgreSQL and Redis. Each test talks about its own customer and marker word, so the
 * LLM's stubs and request log never mix tests.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LlmMock.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AgentReplyTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void theModelIsGroundedOnTheTenantsPromptKnowledgeHistoryAndWholeBatch() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Yes, the " + marker + " fits size 42.\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE tenants SET system_prompt = 'You are Lena from Runner Shop.' WHERE id = $1",
                business.tenantId());
        Seeds.knowledge(pool, business, "The " + marker + " runner is available in sizes 38 to 44.");
        String customer = customer();
        List<UnifiedMessage> earlier = Seeds.inbound(pool, business, customer, "do you have the " + marker + "?");
        execute("UPDATE messages SET status = 'answered', sent_at = now() - interval '1 hour' WHERE id = $1",
                earlier.get(0).id());
        List<UnifiedMessage> burst = Seeds.moreInbound(pool, business, customer, "great", "and in 42?");

        Seeds.makeDue(redis, burst);
        LoggedRequest reply = awaitOne(() -> sends(business, customer), "a reply");

        assertEquals("Yes, the " + marker + " fits size 42.", body(reply).path("text").path("body").asText());
        JsonNode prompt = body(awaitOne(() -> llmCalls(marker), "the LLM call"));
        JsonNode messages = prompt.path("messages");
        String system = messages.get(0).path("content").asText();
        assertTrue(system.startsWith("You are Lena from Runner Shop."), system);
        assertTrue(system.contains("[1] The " + marker + " runner is available in sizes 38 to 44."), system);
        assertEquals("do you have the " + marker + "?", messages.get(1).path("content").asText(), "history first");
        assertEquals("great\nand in 42?", messages.get(messages.size() - 1).path("content").asText(),
                "then the whole batch in one message");
        awaitValue(() -> scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1 AND reason = 'ai_reply'",
                business.tenantId()), 1L, "one ledger entry for the reply");
        assertEquals(99L, scalar("SELECT credit_balance FROM tenants WHERE id = $1", business.tenantId()));
    }

    @Test
    void theHistoryLeavesOutWhatWasRefusedDeletedIgnoredOrNeverSent() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Noted.\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> earlier = Seeds.inbound(pool, business, customer, "kept question", "refused by plan",
                "deleted later", "ignored reaction");
        execute("UPDATE messages SET status = 'answered', sent_at = now() - interval '1 hour' WHERE id = $1",
                earlier.get(0).id());
        execute("UPDATE messages SET status = 'answered', plan_allowed = false WHERE id = $1", earlier.get(1).id());
        execute("UPDATE messages SET status = 'ignored', status_detail = 'deleted by customer' WHERE id = $1",
                earlier.get(2).id());
        execute("UPDATE messages SET status = 'ignored' WHERE id = $1", earlier.get(3).id());
        execute("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id, part,
                                      sent_at)
                SELECT gen_random_uuid(), conversation_id, account_id, 'outbound', 'text', 'a reply that never went out',
                       'failed', gen_random_uuid(), 0, now() FROM messages WHERE id = $1""",
                earlier.get(0).id());
        List<UnifiedMessage> burst = Seeds.moreInbound(pool, business, customer, "new " + marker);

        Seeds.makeDue(redis, burst);
        JsonNode prompt = body(awaitOne(() -> llmCalls(marker), "the LLM call"));

        String all = prompt.path("messages").toString();
        assertTrue(all.contains("kept question"), all);
        for (String left : List.of("refused by plan", "deleted later", "ignored reaction",
                "a reply that never went out")) {
            assertTrue(!all.contains(left), "left out of the history: " + left);
        }
    }

    @Test
    void theBatchIsAnsweredAsStoredNowWithoutWhatTheCustomerDeletedAndWithWhatTheyEdited() {
        String marker = marker();
        answers(marker, "{\"reply\":\"Green it is.\",\"confidence\":0.9}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "the red " + marker + " please",
                "oops, wrong chat", "size 42");
        // After the messages were enqueued (the batch in Redis still holds the old texts), ingest applied an edit
        // and a deletion to the stored rows.
        execute("UPDATE messages SET text = 'the green " + marker + " please' WHERE id = $1", burst.get(0).id());
        execute("UPDATE messages SET status = 'ignored', status_detail = 'deleted by customer' WHERE id = $1",
                burst.get(1).id());

        Seeds.makeDue(redis, burst);
        JsonNode prompt = body(awaitOne(() -> llmCalls(marker), "the LLM call"));
        JsonNode messages = prompt.path("messages");
        assertEquals("the green " + marker + " please\nsize 42",
                messages.get(messages.size() - 1).path("content").asText(), "edited text, deleted message gone");
        awaitOne(() -> sends(business, customer), "one reply");
        awaitValue(() -> scalar("SELECT status FROM messages WHERE id = $1", burst.get(2).id()), "answered",
                "the rest is answered");
        assertEquals("ignored", scalar("SELECT status FROM messages WHERE id = $1", burst.get(1).id()));
    }

    @Test
    void aBatchWhoseEveryMessageWasDeletedGetsNoReply() {
        String marker = marker();
        answers(marker, "{\"reply\":\"should never be sent\",\"confidence\":1}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "sent by mistake " + marker);
        execute("UPDATE messages SET status = 'ignored', status_detail = 'deleted by customer' WHERE id = $1",
                burst.get(0).id());
        // A second customer's batch, due after it, proves the first was handled.
        String other = customer();
        List<UnifiedMessage> later = Seeds.inbound(pool, business, other, "hello " + marker);

        Seeds.makeDue(redis, burst);
        Seeds.makeDue(redis, later);
        awaitOne(() -> sends(business, other), "the other customer's reply");
        assertEquals(1, llmCalls(marker).size(), "one model call, for the other customer");
        assertEquals(List.of(), sends(business, customer), "nothing sent for a deleted message");
    }

    @Test
    void aThreadAnotherAppOwnsGetsNoAiReply() {
        String marker = marker();
        answers(marker, "{\"reply\":\"should never be sent\",\"confidence\":1}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hello " + marker);
        execute("UPDATE conversations SET thread_owner = 'other' WHERE id = $1", conversationOf(burst.get(0)));

        Seeds.makeDue(redis, burst);
        awaitValue(() -> scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()), "awaiting_human",
                "left to the app that owns the thread");
        assertEquals(List.of(), llmCalls(marker), "no model call");
    }

    @Test
    void anAnswerTheModelIsNotSureOfIsSentAndTheConversationGoesToAPerson() {
        String marker = marker();
        answers(marker, "{\"reply\":\"A colleague will get back to you about " + marker + ".\",\"confidence\":0.2,"
                + "\"needs_human\":true}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "can I pay " + marker + " in bitcoin?");

        Seeds.makeDue(redis, burst);
        awaitOne(() -> sends(business, customer), "the holding reply");

        UUID conversation = conversationOf(burst.get(0));
        awaitValue(() -> scalar("SELECT count(*) FROM escalations WHERE conversation_id = $1 AND reason = "
                + "'low_confidence' AND resolved_at IS NULL", conversation), 1L, "an open escalation");
        assertEquals(Boolean.TRUE, scalar("SELECT ai_enabled FROM conversations WHERE id = $1", conversation),
                "queued for a person, the AI stays on for the next answerable question");
        assertEquals("waiting_for_human", scalar("SELECT status FROM conversations WHERE id = $1", conversation));
    }

    @Test
    void aConversationAPersonTookOverGetsNoAiReply() {
        String marker = marker();
        answers(marker, "{\"reply\":\"should never be sent\",\"confidence\":1}", 0);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hello " + marker);
        execute("UPDATE conversations SET ai_enabled = false WHERE id = $1", conversationOf(burst.get(0)));

        Seeds.makeDue(redis, burst);
        awaitValue(() -> scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()), "awaiting_human",
                "left for the person");
        assertEquals(List.of(), llmCalls(marker), "no model call");
        assertEquals(List.of(), sends(business, customer), "nothing sent");
    }

    @Test
    void aTenantWithoutCreditsGetsNoAiReplyAndIsFlaggedAndCounted() {
        String marker = marker();
        answers(marker, "{\"reply\":\"should never be sent\",\"confidence\":1}", 0);
        Seeds.Business business = Seeds.business(pool);
        execute("UPDATE tenants SET credit_balance = 0 WHERE id = $1", business.tenantId());
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hello " + marker);

        Seeds.makeDue(redis, burst);
        UUID conversation = conversationOf(burst.get(0));
        awaitValue(() -> scalar("SELECT count(*) FROM escalations WHERE conversation_id = $1 AND reason = "
                + "'no_credits'", conversation), 1L, "flagged");
        awaitValue(() -> scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()), "awaiting_human",
                "kept for a person, not dropped");
        assertEquals(List.of(), llmCalls(marker), "no model call without credits");
        assertEquals(List.of(), sends(business, customer));
        assertEquals(0L, scalar("SELECT credit_balance FROM tenants WHERE id = $1", business.tenantId()));
        // Counted once, as an outcome: it is not also a failure.
        awaitValue(() -> given().when().get("/q/metrics").then().statusCode(200).extract().asString()
                .contains("socialsync_conversations_processed_total{outcome=\"no_credits\",platform=\"whatsapp\"}"),
                true, "counted as processed");
        given().when().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers
                .containsString("socialsync_conversations_failed_total{platform=\"whatsapp\",reason=\"no_credits\"}")));
    }

    @Test
    void aModelSlowerThanTheBudgetSendsNothingAndCountsATimeout() throws InterruptedException {
        String marker = marker();
        // The test budget is 6 s with 1 s kept for sending: 5 s for the model, which takes 7 s.
        answers(marker, "{\"reply\":\"too late\",\"confidence\":1}", 7_000);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hello " + marker);
        double before = timedOut();

        Seeds.makeDue(redis, burst);
        awaitOne(() -> llmCalls(marker), "the LLM call");
        Instant giveUp = Instant.now().plus(AWAIT);
        while (timedOut() == before && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, timedOut(), "socialsync_conversations_timed_out_total");
        Thread.sleep(2_500); // past the model's delay: a late answer must still not be sent
        assertEquals(List.of(), sends(business, customer), "nothing half-done is sent");
        assertEquals("received", scalar("SELECT status FROM messages WHERE id = $1", burst.get(0).id()),
                "still waiting for an answer, to be retried");
        assertEquals(0L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business.tenantId()),
                "nothing charged");
    }

    private static String marker() {
        return "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String customer() {
        return "49151" + (10_000_000 + (long) (Math.random() * 89_999_999));
    }

    /** The LLM answers {@code content} to any request that mentions {@code marker}. */
    private static void answers(String marker, String content, int delayMillis) {
        LlmMock.server().stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker))
                .willReturn(okJson(JsonCodec.encode(java.util.Map.of("choices", List.of(java.util.Map.of(
                        "message", java.util.Map.of("role", "assistant", "content", content))))))
                        .withFixedDelay(delayMillis)));
    }

    private static List<LoggedRequest> llmCalls(String marker) {
        return LlmMock.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    }

    private static List<LoggedRequest> sends(Seeds.Business business, String customer) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
    }

    private double timedOut() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("socialsync_conversations_timed_out_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private UUID conversationOf(UnifiedMessage message) {
        return (UUID) scalar("SELECT conversation_id FROM messages WHERE id = $1", message.id());
    }

    private void execute(String sql, Object parameter) {
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(AWAIT);
    }

    private Object scalar(String sql, Object parameter) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(AWAIT).forEach(rows::add);
        return rows.isEmpty() ? null : rows.get(0).getValue(0);
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }

    private static <T> T awaitOne(Supplier<List<T>> probe, String what) {
        Instant giveUp = Instant.now().plus(AWAIT);
        List<T> found = probe.get();
        while (found.isEmpty() && Instant.now().isBefore(giveUp)) {
            Seeds.pause(20);
            found = probe.get();
        }
        assertEquals(1, found.size(), what);
        return found.get(0);
    }

    private static void awaitValue(Supplier<Object> probe, Object expected, String what) {
        Instant giveUp = Instant.now().plus(AWAIT);
        Object value = probe.get();
        while (!expected.equals(value) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(20);
            value = probe.get();
        }
        assertEquals(expected, value, what);
    }
}
