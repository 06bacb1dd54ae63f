package io.socialsync.responder.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Credits on the real PostgreSQL: charged once per batch, never overdrawn, always with a ledger entry. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class CreditLedgerTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    CreditLedger ledger;

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
