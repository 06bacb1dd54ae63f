package io.socialsync.responder.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.ai.ConversationTurn;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Contexts read together in one query: each batch gets its own conversation, history and stored messages. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class AgentContextStoreTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    AgentContextStore contexts;

    @Test
    void contextsReadTogetherAreEachTheirOwn() {
        Seeds.Business business = Seeds.business(pool);
        List<Uni<Optional<AgentContext>>> loads = new ArrayList<>();
        List<List<UnifiedMessage>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String customer = "49160" + i + Math.abs(UUID.randomUUID().hashCode());
            // An earlier message of this customer's own, then the batch: two messages, the second edited since.
            Seeds.inbound(pool, business, customer, "earlier question " + i);
            pool.preparedQuery("UPDATE messages SET status = 'answered' WHERE text = $1")
                    .execute(Tuple.of("earlier question " + i)).await().atMost(AWAIT);
            List<UnifiedMessage> batch = Seeds.moreInbound(pool, business, customer, "question " + i, "typo " + i);
            pool.preparedQuery("UPDATE messages SET text = $2 WHERE id = $1")
                    .execute(Tuple.of(batch.get(1).id(), "edited " + i)).await().atMost(AWAIT);
            batches.add(batch);
            loads.add(contexts.load(business.accountId(), customer, batch));
        }
        loads.add(contexts.load(business.accountId(), "nobody-" + UUID.randomUUID(), batches.get(0)));

        List<Optional<AgentContext>> loaded = Uni.join().all(loads).andFailFast().await().atMost(AWAIT);

        for (int i = 0; i < 6; i++) {
            AgentContext context = loaded.get(i).orElseThrow();
            assertEquals(business.tenantId(), context.tenantId());
            assertEquals(List.of(new ConversationTurn(ConversationTurn.Speaker.CUSTOMER, "earlier question " + i)),
                    context.history(), "batch " + i + " reads its own history");
            assertEquals(List.of("question " + i, "edited " + i),
                    context.batch().stream().map(UnifiedMessage::text).toList(), "batch " + i + " as stored now");
        }
        assertTrue(loaded.get(6).isEmpty(), "no such conversation: no context, beside the others");
    }
}
