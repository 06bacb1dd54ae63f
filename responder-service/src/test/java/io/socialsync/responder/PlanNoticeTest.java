package io.socialsync.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

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
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Messages ingest marked as not allowed by the plan get one polite notice through the normal reply path and never
 * reach the AI; the allowed messages of the same batch are answered as usual.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class PlanNoticeTest {

    private static final String NOTICE = "Thanks for your message! Unfortunately I can't handle this kind of message "
            + "here (or one this long). Could you send your question as a short text?";
    private static final String FALLBACK = "Thanks for your message! A member of our team will get back to you "
            + "shortly.";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aBatchOfOnlyNotAllowedMessagesGetsOneNoticeAndNoAiReply() throws InterruptedException {
        Seeds.Business business = Seeds.business(pool);
        String customer = "49151" + (10_000_000 + (long) (Math.random() * 89_999_999));
        List<UnifiedMessage> burst = notAllowed(Seeds.inbound(pool, business, customer, "photo 1", "photo 2"));
        Seeds.makeDue(redis, burst);

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(NOTICE, text(replies.get(0)));
        Seeds.awaitStatus(pool, burst.get(1).id(), "answered");
        Thread.sleep(500);
        assertEquals(1, Seeds.replies(business, customer).size(), "one notice, and no AI reply");
        List<Row> outbound = Seeds.rows(pool,
                "SELECT text FROM messages WHERE direction = 'outbound' AND conversation_id = "
                        + "(SELECT conversation_id FROM messages WHERE id = $1)",
                burst.get(0).id());
        assertEquals(1, outbound.size());
        assertEquals(NOTICE, outbound.get(0).getString("text"), "the notice is recorded like any reply");
        assertEquals("answered", Seeds.rows(pool, "SELECT status FROM messages WHERE id = $1", burst.get(0).id()).get(0)
                .getString(0));
    }

    @Test
    void aMixedBatchGetsOneReplyWithTheNoticeAndTheAiAnswerToTheAllowedMessages() throws InterruptedException {
        Seeds.Business business = Seeds.business(pool);
        String customer = "49152" + (10_000_000 + (long) (Math.random() * 89_999_999));
        List<UnifiedMessage> stored = Seeds.inbound(pool, business, customer, "voice note", "hello?", "video");
        List<UnifiedMessage> burst = List.of(notAllowed(stored.get(0)), stored.get(1), notAllowed(stored.get(2)));
        Seeds.makeDue(redis, burst);

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(NOTICE + "\n\n" + FALLBACK, text(replies.get(0)),
                "one reply: the notice once, then the AI's answer to the text");
        for (UnifiedMessage message : burst) {
            Seeds.awaitStatus(pool, message.id(), "answered");
        }
        Thread.sleep(500);
        assertEquals(1, Seeds.replies(business, customer).size());
        assertTrue(Seeds.rows(pool, "SELECT count(*) FROM messages WHERE direction = 'outbound' AND conversation_id = "
                + "(SELECT conversation_id FROM messages WHERE id = $1)", burst.get(0).id()).get(0).getLong(0) == 1);
    }

    private static List<UnifiedMessage> notAllowed(List<UnifiedMessage> messages) {
        List<UnifiedMessage> gated = new ArrayList<>();
        messages.forEach(message -> gated.add(notAllowed(message)));
        return gated;
    }

    /** As ingest enqueues a media message the tenant's plan does not include. */
    private static UnifiedMessage notAllowed(UnifiedMessage message) {
        return new UnifiedMessage(message.id(), message.platform(), message.accountId(), message.contactId(),
                message.platformMessageId(), UnifiedMessageType.VIDEO, null, null, null, 0, message.receivedAt(),
                false);
    }

    private static String text(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class).path("text").path("body").asText();
    }
}
