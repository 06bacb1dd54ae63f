package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A due window in the real Redis becomes one reply at the (WireMock) Graph API and a record in PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ReplyFlowTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aDueBatchIsAnsweredOnceFromTheKnowledgeBase() throws InterruptedException {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business,
                "Our shop opens Monday to Saturday from 9:00 to 18:00 and is closed on Sundays.",
                "Orders ship within two working days; delivery in Germany is free above 50 EUR.");
        String customer = "4915112345678";
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hi!",
                "what are your opening hours on saturday?");
        String conversation = Seeds.makeDue(redis, burst);

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        String body = replies.get(0).getBodyAsString();
        GraphApiMock.server().verify(1, postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId() + "/messages"))
                .withHeader("Authorization", equalTo("Bearer token-of-" + business.phoneNumberId()))
                .withRequestBody(equalToJson(
                        """
                                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
                                 "text":{"preview_url":false,
                                         "body":"Our shop opens Monday to Saturday from 9:00 to 18:00 and is closed on Sundays."}}
                                """
                                .formatted(customer),
                        false, true)));
        GraphApiMock.server().verify(1, postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId() + "/messages"))
                .withRequestBody(equalToJson("""
                        {"messaging_product":"whatsapp","status":"read","message_id":"%s",
                         "typing_indicator":{"type":"text"}}""".formatted(burst.get(1).platformMessageId()))));

        Seeds.awaitStatus(pool, burst.get(1).id(), "answered");
        List<Row> stored = Seeds.rows(pool, """
                SELECT direction, status, text, batch_id, platform_message_id FROM messages
                WHERE conversation_id = (SELECT conversation_id FROM messages WHERE id = $1) ORDER BY created_at""",
                burst.get(0).id());
        assertEquals(3, stored.size(), "two inbound, one outbound: " + body);
        assertEquals("answered", stored.get(0).getString("status"));
        Row outbound = stored.get(2);
        assertEquals("outbound", outbound.getString("direction"));
        assertEquals("sent", outbound.getString("status"));
        assertEquals(stored.get(0).getUUID("batch_id"), outbound.getUUID("batch_id"), "one batch id for all");
        assertFalse(outbound.getString("platform_message_id").isBlank(), "the wamid of the reply is kept");

        Thread.sleep(500);
        assertEquals(1, Seeds.replies(business, customer).size(), "answered exactly once");
        assertEquals(0, redis.key().exists(conversation) ? 1 : 0, "the window was taken");
        assertEquals(-1, (long) redis.sortedSet(String.class).zscore(RedisKeys.DEADLINES, conversation).orElse(-1));
    }

    @Test
    void aReturningCustomersNewQuestionGetsItsOwnAnswerNotTheEarlierOnes() {
        Seeds.Business business = Seeds.business(pool);
        String hours = "Opening hours: our shop at 12 Harbour Lane is open Monday to Friday from 9:00 to 18:00 and on "
                + "Saturday from 10:00 to 16:00. We are closed on Sundays and public holidays.";
        String returns = "Returns: you can return any unused item within 30 days of delivery for a full refund. Start "
                + "the return from the link in your order confirmation email; we refund within 5 working days of "
                + "receiving the parcel.";
        Seeds.knowledge(pool, business, hours, returns);
        String customer = "4915100001111";
        // The earlier question is history (in the conversation, not in the batch); only the new one is due.
        List<UnifiedMessage> both = Seeds.inbound(pool, business, customer, "What are your opening hours?",
                "Can I return my helmet?");
        Seeds.makeDue(redis, both.subList(1, 2));
        assertEquals(returns, replyText(Seeds.awaitReplies(business, customer, 1).get(0)));

        // A follow-up that names nothing the knowledge holds is still read with the question before it.
        String asking = "4915100002222";
        List<UnifiedMessage> followUp = Seeds.inbound(pool, business, asking, "What are your opening hours?",
                "and tomorrow?");
        Seeds.makeDue(redis, followUp.subList(1, 2));
        assertEquals(hours, replyText(Seeds.awaitReplies(business, asking, 1).get(0)));
    }

    private static String replyText(LoggedRequest reply) {
        return JsonCodec.decode(reply.getBodyAsString(), com.fasterxml.jackson.databind.JsonNode.class)
                .path("text").path("body").asText();
    }

    @Test
    void aQuestionTheKnowledgeBaseCannotAnswerGetsTheFallback() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "We sell handmade ceramic mugs.");
        String customer = "4915187654321";
        List<UnifiedMessage> question = Seeds.inbound(pool, business, customer, "xylophone quantum zebra");
        Seeds.makeDue(redis, question);
        assertEquals("Thanks for your message! A member of our team will get back to you shortly.",
                replyText(Seeds.awaitReplies(business, customer, 1).get(0)));
        // The fallback promises a person: the conversation waits for one, with the reason on record.
        Seeds.awaitStatus(pool, question.get(0).id(), "answered");
        Row conversation = Seeds.rows(pool,
                """
                        SELECT c.ai_enabled, c.status, (SELECT reason FROM escalations e WHERE e.conversation_id = c.id) AS reason
                        FROM conversations c WHERE c.id = (SELECT conversation_id FROM messages WHERE id = $1)""",
                question.get(0).id()).get(0);
        assertEquals(true, conversation.getBoolean("ai_enabled"), "queued for a person, not switched off");
        assertEquals("waiting_for_human", conversation.getString("status"));
        assertEquals("low_confidence", conversation.getString("reason"));
    }

    @Test
    void afterAnEscalationTheFallbackIsNotRepeatedAndTheNextAnswerableQuestionIsAnswered() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "Opening hours: our shop is open from 9 to 18, Monday to Saturday.");
        String customer = "4915187654399";
        List<UnifiedMessage> unanswerable = Seeds.inbound(pool, business, customer, "xylophone quantum zebra");
        Seeds.makeDue(redis, unanswerable);
        Seeds.awaitStatus(pool, unanswerable.get(0).id(), "answered");

        List<UnifiedMessage> again = Seeds.moreInbound(pool, business, customer, "zebra xylophone quantum?");
        Seeds.makeDue(redis, again);
        Seeds.awaitStatus(pool, again.get(0).id(), "awaiting_human");
        assertEquals(1, Seeds.replies(business, customer).size(), "the fallback went out once for this escalation");

        List<UnifiedMessage> answerable = Seeds.moreInbound(pool, business, customer, "What are your opening hours?");
        Seeds.makeDue(redis, answerable);
        Seeds.awaitStatus(pool, answerable.get(0).id(), "answered");
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> replies = Seeds.awaitReplies(business,
                customer, 2);
        assertTrue(replyText(replies.get(1)).contains("9 to 18"), replyText(replies.get(1)));
    }

    @Test
    void metricsShowLatenessAndProcessing() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915100000001";
        Seeds.makeDue(redis, Seeds.inbound(pool, business, customer, "hello"));
        Seeds.awaitReplies(business, customer, 1);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("socialsync_batch_lateness_seconds_count{platform=\"whatsapp\"}"))
                .body(containsString(
                        "socialsync_conversations_processed_total{outcome=\"answered\",platform=\"whatsapp\"}"))
                .body(containsString(
                        "socialsync_responses_generated_total{platform=\"whatsapp\",provider=\"offline\"}"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aBatchClaimedAgainAfterItsReplyWasSentIsCompletedNotAnsweredTwice() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915100000002";
        UnifiedMessage message = Seeds.inbound(pool, business, customer, "hello again").get(0);
        UUID batchId = UUID.randomUUID();
        // The replica sent the reply and recorded it, then died before it released the batch.
        recordEarlierReply(message, batchId, "sent", "answered");
        String batchKey = retried(message, batchId);

        awaitGone(batchKey);
        assertEquals(0, Seeds.replies(business, customer).size(), "not answered a second time");
        assertEquals("answered",
                Seeds.rows(pool, "SELECT status FROM messages WHERE id = $1", message.id()).get(0).getString(0));
    }

    @Test
    void aBatchReclaimedAfterACrashBetweenRecordAndSendSendsItsRecordedTextOnceAfterTheWait() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915100000003";
        UnifiedMessage message = Seeds.inbound(pool, business, customer, "did you get this?").get(0);
        UUID batchId = UUID.randomUUID();
        // The replica recorded the reply, then died: no status webhook ever named it, so it never went out.
        recordEarlierReply(message, batchId, "sending", "replying");
        String batchKey = retried(message, batchId);

        Seeds.awaitStatus(pool, message.id(), "answered");
        awaitGone(batchKey);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent = Seeds.replies(business, customer);
        assertEquals(1, sent.size(), "sent once, not dead-lettered");
        assertEquals("earlier reply", replyText(sent.get(0)), "the recorded text, not a new AI answer");
        Row outbound = Seeds
                .rows(pool, "SELECT status, send_attempts FROM messages WHERE batch_id = $1 AND direction = 'outbound'",
                        batchId)
                .get(0);
        assertEquals("sent", outbound.getString("status"));
        assertEquals(2, outbound.getInteger("send_attempts"), "the crashed attempt and one more");
    }

    private void recordEarlierReply(UnifiedMessage inbound, UUID batchId, String outboundStatus,
            String inboundStatus) {
        // Recorded long enough ago that its confirmation wait is over.
        pool.preparedQuery("INSERT INTO messages (id, conversation_id, account_id, direction, type, text, "
                + "platform_message_id, status, batch_id, send_attempts, last_send_at, sent_at) SELECT $1, "
                + "conversation_id, account_id, 'outbound', 'text', 'earlier reply', CASE WHEN $2 = 'sent' THEN "
                + "'wamid.earlier-' || $1 END, $2, $3, 1, now() - interval '1 minute', now() FROM messages WHERE id = $4")
                .execute(Tuple.of(UUID.randomUUID(), outboundStatus, batchId, inbound.id())).await().atMost(AWAIT);
        pool.preparedQuery("UPDATE messages SET status = $1, batch_id = $2 WHERE id = $3")
                .execute(Tuple.of(inboundStatus, batchId, inbound.id())).await().atMost(AWAIT);
    }

    /** A batch back on the deadlines for another attempt, as the lease sweep leaves it. */
    private String retried(UnifiedMessage message, UUID batchId) {
        String conversation = message.conversationKey();
        String batchKey = RedisKeys.batch(conversation, batchId);
        redis.list(String.class).rpush(batchKey, JsonCodec.encode(message));
        redis.hash(String.class).hset(batchKey + ":meta",
                java.util.Map.of("conversation", conversation, "attempts", "1", "fresh", "0"));
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, System.currentTimeMillis(), batchKey);
        return batchKey;
    }

    private void awaitGone(String batchKey) {
        Instant giveUp = Instant.now().plus(AWAIT);
        while ((redis.key().exists(batchKey) || redis.sortedSet(String.class).zscore(RedisKeys.DEADLINES, batchKey)
                .isPresent()) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(20);
        }
        assertFalse(redis.key().exists(batchKey), "the batch was claimed and ended");
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.INFLIGHT, batchKey).isEmpty());
    }
}
