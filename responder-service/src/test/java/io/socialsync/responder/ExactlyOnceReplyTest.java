package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static io.socialsync.responder.platform.GraphStubs.status;
import static io.socialsync.responder.platform.GraphStubs.whatsAppSent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A send whose outcome is unknown (5xx, connection reset, read timeout) is never answered by a new text: the recorded
 * part is confirmed by the platform's status webhook (what ingest does with {@code biz_opaque_callback_data}), or
 * sent again with the same text once after the confirmation wait (2 s in tests), never more. A send the platform
 * proves it did not take is retried. Each case counts what the customer got.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ExactlyOnceReplyTest {

    private static final String OPENING_HOURS = "Opening hours: our shop is open from 9 to 18, Monday to Saturday.";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aServerErrorAfterAcceptingIsConfirmedByItsStatusWebhookAndNeverResent() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", status(500), whatsAppSent("wamid.never-used"));
        String customer = "4915400000001";
        List<UnifiedMessage> burst = ask(business, customer);

        LoggedRequest first = Seeds.awaitReplies(business, customer, 1).get(0);
        statusWebhook(first, "wamid.from-status");

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");
        Seeds.pause(2_500);
        assertEquals(1, Seeds.replies(business, customer).size(), "the customer got the reply once");
        assertEquals("wamid.from-status", partColumn(burst.get(0).id(), "platform_message_id"));
    }

    @Test
    void withoutItsStatusAnUnconfirmedPartIsSentAgainOnceWithTheSameText() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", status(503), whatsAppSent("wamid.second-try"));
        String customer = "4915400000002";
        List<UnifiedMessage> burst = ask(business, customer);

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<LoggedRequest> sent = Seeds.replies(business, customer);
        assertEquals(2, sent.size(), "sent once more after the wait");
        assertEquals(body(sent.get(0)).path("text").path("body").asText(),
                body(sent.get(1)).path("text").path("body").asText(), "the same recorded text, never regenerated");
        assertEquals(body(sent.get(0)).path("biz_opaque_callback_data").asText(),
                body(sent.get(1)).path("biz_opaque_callback_data").asText(), "the same part");
        long gap = sent.get(1).getLoggedDate().getTime() - sent.get(0).getLoggedDate().getTime();
        assertTrue(gap >= 1_900, "only after the confirmation wait: " + gap + " ms");
        assertEquals("wamid.second-try", partColumn(burst.get(0).id(), "platform_message_id"));
    }

    @Test
    void aPartThatStaysUnconfirmedIsSentTwiceAtMostAndThenWaitsForAPerson() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", status(500));
        String customer = "4915400000003";
        List<UnifiedMessage> burst = ask(business, customer);

        Seeds.awaitStatus(pool, burst.get(0).id(), "awaiting_human");
        Seeds.pause(3_000);

        assertEquals(2, Seeds.replies(business, customer).size(), "the first send and one resend, never more");
        assertEquals("send_unconfirmed", Seeds.rows(pool, """
                SELECT e.reason FROM escalations e JOIN messages m ON m.conversation_id = e.conversation_id
                WHERE m.id = $1 AND e.resolved_at IS NULL""", burst.get(0).id()).get(0).getString(0));
    }

    @Test
    void aConnectionResetAfterTheRequestWasReadIsUnconfirmedNotRetriedAtOnce() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), whatsAppSent("wamid.after-reset"));
        String customer = "4915400000004";
        List<UnifiedMessage> burst = ask(business, customer);

        LoggedRequest first = Seeds.awaitReplies(business, customer, 1).get(0);
        statusWebhook(first, "wamid.reset-but-delivered");

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");
        Seeds.pause(2_500);
        assertEquals(1, Seeds.replies(business, customer).size(), "delivered despite the reset: once");
    }

    @Test
    void anAnswerAfterTheReadTimeoutIsUnconfirmedAndResentOnceWithoutAStatus() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", whatsAppSent("wamid.too-late").withFixedDelay(3_000),
                whatsAppSent("wamid.in-time"));
        String customer = "4915400000005";
        List<UnifiedMessage> burst = ask(business, customer);

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");
        Seeds.pause(2_500);

        assertEquals(2, Seeds.replies(business, customer).size(), "no report came: sent again once");
    }

    @Test
    void aPairRateLimitProvesNothingWentOutAndTheSameTextIsSentLater() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", graphError(400, 131056), whatsAppSent("wamid.paced"));
        String customer = "4915400000006";
        List<UnifiedMessage> burst = ask(business, customer);

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<LoggedRequest> sent = Seeds.replies(business, customer);
        assertEquals(2, sent.size());
        assertEquals("wamid.paced", partColumn(burst.get(0).id(), "platform_message_id"));
        assertEquals(1L, Seeds.rows(pool, """
                SELECT count(*) FROM messages WHERE direction = 'outbound'
                AND batch_id = (SELECT batch_id FROM messages WHERE id = $1)""", burst.get(0).id()).get(0).getLong(0),
                "one recorded reply");
    }

    @Test
    void aRejectedTokenHoldsTheMessagesInsteadOfFailingThem() {
        Seeds.Business business = business();
        answerInTurn(business.phoneNumberId(), "$.text.body", graphError(401, 190));
        String customer = "4915400000007";
        List<UnifiedMessage> burst = ask(business, customer);

        Seeds.awaitStatus(pool, burst.get(0).id(), "held");
        assertTrue(Seeds.rows(pool, "SELECT status_detail FROM messages WHERE id = $1", burst.get(0).id()).get(0)
                .getString(0).contains("190"));

        // A later message for the flagged account is held at once, without a send.
        List<UnifiedMessage> later = Seeds.moreInbound(pool, business, customer, "are you there?");
        Seeds.makeDue(redis, later);
        Seeds.awaitStatus(pool, later.get(0).id(), "held");
        assertEquals(1, requests(business.phoneNumberId(), "$.text.body", matching(".*")).size());
    }

    private Seeds.Business business() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, OPENING_HOURS);
        return business;
    }

    private List<UnifiedMessage> ask(Seeds.Business business, String customer) {
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "What are your opening hours?");
        Seeds.makeDue(redis, burst);
        return burst;
    }

    /** What ingest does with a status webhook that carries our tag in {@code biz_opaque_callback_data}. */
    private void statusWebhook(LoggedRequest send, String wamid) {
        UUID tag = UUID.fromString(body(send).path("biz_opaque_callback_data").asText());
        pool.preparedQuery("""
                UPDATE messages SET platform_message_id = COALESCE(platform_message_id, $2),
                       status = CASE WHEN status IN ('queued', 'sending') THEN 'sent' ELSE status END
                WHERE id = $1 AND direction = 'outbound'""").execute(Tuple.of(tag, wamid)).await()
                .atMost(Duration.ofSeconds(5));
    }

    private String partColumn(UUID inboundId, String column) {
        return Seeds.rows(pool, "SELECT " + column + """
                 FROM messages WHERE direction = 'outbound' AND part = 0
                AND batch_id = (SELECT batch_id FROM messages WHERE id = $1)""", inboundId).get(0).getString(0);
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }
}
