package io.socialsync.responder.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.reply.ConversationStore;
import io.socialsync.responder.reply.RecordedPart;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Credits on the real PostgreSQL: charged once per batch, never overdrawn, always with a ledger entry, also when
 * many replies are charged in one statement.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class CreditLedgerTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    CreditLedger ledger;

    @Inject
    ConversationStore conversations;

    @Inject
    MeterRegistry registry;

    @Test
    void aRetriedBatchIsChargedOnce() {
        Seeds.Business business = Seeds.business(pool);
        UUID batch = UUID.randomUUID();

        assertEquals(CreditLedger.Charge.CHARGED, charge(business, batch, 3));
        assertEquals(CreditLedger.Charge.ALREADY_PAID, charge(business, batch, 3));

        assertEquals(97L, balance(business));
        assertEquals(1L, count("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business));
        assertEquals(97L, count("SELECT balance_after FROM credit_ledger WHERE tenant_id = $1", business),
                "the entry records the balance it left");
    }

    @Test
    void aBalanceThatDoesNotCoverTheCostIsLeftAlone() {
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET credit_balance = 2 WHERE id = $1")
                .execute(Tuple.of(business.tenantId())).await().atMost(AWAIT);

        assertEquals(CreditLedger.Charge.INSUFFICIENT, charge(business, UUID.randomUUID(), 3));

        assertEquals(2L, balance(business));
        assertEquals(0L, count("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business));
    }

    @Test
    void concurrentChargesNeverOverdraw() {
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET credit_balance = 5 WHERE id = $1")
                .execute(Tuple.of(business.tenantId())).await().atMost(AWAIT);

        List<CreditLedger.Charge> charges = Uni.join().all(IntStream.range(0, 20)
                .mapToObj(i -> ledger.chargeReply(business.tenantId(), UUID.randomUUID(), 1)).toList())
                .andFailFast().await().atMost(AWAIT);

        assertEquals(5, charges.stream().filter(CreditLedger.Charge.CHARGED::equals).count());
        assertEquals(15, charges.stream().filter(CreditLedger.Charge.INSUFFICIENT::equals).count());
        assertEquals(0L, balance(business));
        assertEquals(5L, count("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business));
    }

    @Test
    void repliesChargedTogetherAreRecordedOnlyWhenTheBalanceCoversThemInTurn() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.Business other = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET credit_balance = 5 WHERE id = $1")
                .execute(Tuple.of(business.tenantId())).await().atMost(AWAIT);
        double groupsBefore = groups();
        List<Uni<ConversationStore.ChargedSend>> sends = new ArrayList<>();
        List<UUID> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Every other reply is another tenant's: its balance is its own.
            Seeds.Business owner = i % 2 == 0 ? business : other;
            List<UnifiedMessage> messages = Seeds.inbound(pool, owner, "4917" + i + UUID.randomUUID().hashCode(),
                    "question " + i);
            UUID batch = UUID.randomUUID();
            batches.add(batch);
            sends.add(conversations.chargeAndBeginSend(owner.tenantId(), 1, batch,
                    messages.stream().map(UnifiedMessage::id).toArray(UUID[]::new), List.of("first", "second")));
        }

        List<ConversationStore.ChargedSend> charged = Uni.join().all(sends).andFailFast().await().atMost(AWAIT);

        double statements = groups() - groupsBefore;
        assertTrue(statements >= 1 && statements < 20, "the charges went in fewer statements than replies: "
                + statements);
        for (int i = 0; i < 20; i++) {
            ConversationStore.ChargedSend send = charged.get(i);
            boolean covered = i % 2 == 1 || i / 2 < 5;
            assertEquals(covered ? CreditLedger.Charge.CHARGED : CreditLedger.Charge.INSUFFICIENT, send.charge(),
                    "reply " + i);
            assertEquals(covered ? List.of("first", "second") : List.of(),
                    send.recorded().stream().map(RecordedPart::text).toList(), "reply " + i + " recorded");
        }
        assertEquals(0L, balance(business));
        assertEquals(90L, balance(other));
        assertEquals(List.of(4L, 3L, 2L, 1L, 0L), Seeds.rows(pool,
                "SELECT balance_after FROM credit_ledger WHERE tenant_id = $1 ORDER BY balance_after DESC",
                business.tenantId()).stream().map(row -> row.getLong(0)).toList(),
                "one ledger entry per charged reply, each with the balance it left");
        assertEquals(10L, count("SELECT count(*) FROM messages WHERE account_id = (SELECT id FROM social_accounts "
                + "WHERE tenant_id = $1) AND direction = 'outbound'", business), "two parts for each paid reply");
        assertEquals(5L, count("SELECT count(*) FROM messages WHERE account_id = (SELECT id FROM social_accounts "
                + "WHERE tenant_id = $1) AND direction = 'inbound' AND status = 'replying'", business));

        ConversationStore.ChargedSend again = conversations.chargeAndBeginSend(business.tenantId(), 1,
                batches.get(0), new UUID[0], List.of("first", "second")).await().atMost(AWAIT);
        assertEquals(CreditLedger.Charge.ALREADY_PAID, again.charge(), "a retried batch is not charged twice");
        assertEquals(List.of(), again.recorded(), "nor recorded twice: this caller does not own the send");
    }

    private double groups() {
        return registry.find("socialsync.reply.charges.group.size").summaries().stream()
                .mapToDouble(summary -> summary.count()).sum();
    }

    private CreditLedger.Charge charge(Seeds.Business business, UUID batch, int credits) {
        return ledger.chargeReply(business.tenantId(), batch, credits).await().atMost(AWAIT);
    }

    private long balance(Seeds.Business business) {
        return count("SELECT credit_balance FROM tenants WHERE id = $1", business);
    }

    private long count(String sql, Seeds.Business business) {
        return pool.preparedQuery(sql).execute(Tuple.of(business.tenantId())).await().atMost(AWAIT).iterator().next()
                .getLong(0);
    }
}
