package io.socialsync.responder;

import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static io.socialsync.responder.platform.GraphStubs.whatsAppSent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What the reply pipeline does with a send's outcome: a refused send marks the batch failed with the reason (a closed
 * 24-hour window leaves it to a person instead; a rejected token takes the account out of service and holds the messages until it is connected again); a long reply is stored as one outbound row per part, each with
 * the platform id that its status webhooks will carry.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class SendFailureFlowTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aClosedWindowLeavesTheBatchToAPersonWithTheReasonAndIsSentOnce() {
        Seeds.Business business = Seeds.business(pool);
        answerInTurn(business.phoneNumberId(), "$.text.body", graphError(400, 131047));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, "4915100000050", "hello", "anyone there?");
        Seeds.makeDue(redis, burst);

        Seeds.awaitStatus(pool, burst.get(1).id(), "awaiting_human");
        for (UnifiedMessage message : burst) {
            Row row = row("SELECT status, status_detail, batch_id FROM messages WHERE id = $1", message.id());
            assertEquals("awaiting_human", row.getString("status"));
            assertTrue(row.getString("status_detail").contains("Graph error 131047"), row.getString("status_detail"));
        }
        assertEquals(0L, row("""
                SELECT count(*) FROM messages WHERE direction = 'outbound' AND status <> 'failed'
                AND conversation_id = (SELECT conversation_id FROM messages WHERE id = $1)""", burst.get(0).id())
                .getLong(0), "nothing was sent, nothing is stored as sent");
        assertTrue(row("""
                SELECT status_detail FROM messages WHERE direction = 'outbound' AND status = 'failed'
                AND conversation_id = (SELECT conversation_id FROM messages WHERE id = $1)""", burst.get(0).id())
                .getString(0).contains("Graph error 131047"), "the reply that could not go out is kept, with why");
        Row waiting = row("""
                SELECT c.status, (SELECT e.reason FROM escalations e WHERE e.conversation_id = c.id
                                  AND e.resolved_at IS NULL ORDER BY e.created_at DESC LIMIT 1) AS reason
                FROM conversations c WHERE c.id = (SELECT conversation_id FROM messages WHERE id = $1)""",
                burst.get(0).id());
        assertEquals("waiting_for_human", waiting.getString("status"));
        assertEquals("window_closed", waiting.getString("reason"), "the person sees why, newest first");
        Seeds.pause(500);
        assertEquals(1, requests(business.phoneNumberId(), "$.text.body",
                com.github.tomakehurst.wiremock.client.WireMock.matching(".*")).size(), "never retried");
        assertEquals(true, row("SELECT active FROM social_accounts WHERE id = $1", business.accountId())
                .getBoolean(0), "a closed window is no reason to take the account out of service");
    }

    @Test
    void aRejectedTokenHoldsTheBatchAndFlagsTheAccount() {
        Seeds.Business business = Seeds.business(pool);
        answerInTurn(business.phoneNumberId(), "$.text.body", graphError(401, 190));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, "4915100000051", "hello");
        Seeds.makeDue(redis, burst);

        Seeds.awaitStatus(pool, burst.get(0).id(), "held");
        Row account = row("SELECT active, flagged_reason FROM social_accounts WHERE id = $1", business.accountId());
        assertFalse(account.getBoolean("active"));
        assertTrue(account.getString("flagged_reason").contains("Graph error 190"));
    }

    @Test
    void eachPartOfALongReplyIsStoredWithItsWamidInOrder() {
        Seeds.Business business = Seeds.business(pool);
        StringBuilder longAnswer = new StringBuilder();
        for (int i = 0; longAnswer.length() < 5_000; i++) {
            longAnswer.append("Opening hours detail number ").append(i).append(" for our store. ");
        }
        Seeds.knowledge(pool, business, longAnswer.toString().strip());
        answerInTurn(business.phoneNumberId(), "$.text.body", whatsAppSent("wamid.first-" + business.accountId()),
                whatsAppSent("wamid.second-" + business.accountId()));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, "4915100000052", "what are your opening hours?");
        Seeds.makeDue(redis, burst);

        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");
        List<Row> outbound = Seeds.rows(pool, """
                SELECT text, platform_message_id, status FROM messages
                WHERE direction = 'outbound' AND conversation_id = (SELECT conversation_id FROM messages WHERE id = $1)
                ORDER BY sent_at""", burst.get(0).id());
        assertEquals(List.of("wamid.first-" + business.accountId(), "wamid.second-" + business.accountId()),
                outbound.stream().map(row -> row.getString("platform_message_id")).toList());
        outbound.forEach(row -> assertEquals("sent", row.getString("status")));
        assertTrue(outbound.get(0).getString("text").startsWith("Opening hours detail number 0 "));
        assertTrue(outbound.get(0).getString("text").length() <= 4096);
    }

    private Row row(String sql, Object parameter) {
        return Seeds.rows(pool, sql, parameter).get(0);
    }
}
