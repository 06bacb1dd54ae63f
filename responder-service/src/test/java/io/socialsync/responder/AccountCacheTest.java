package io.socialsync.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The responder keeps an account it answered on, but a change of the row (here: deactivated behind the API's back,
 * as an operator's SQL would) reaches the very next batch through PostgreSQL's notice, not after the cache's minute.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class AccountCacheTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aChangedAccountRowIsReadAgainForTheNextBatch() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "Our shop opens Monday to Saturday from 9:00 to 18:00.");
        List<UnifiedMessage> first = Seeds.inbound(pool, business, "4915100000001", "when do you open?");
        Seeds.makeDue(redis, first);
        Seeds.awaitReplies(business, "4915100000001", 1);
        Seeds.awaitStatus(pool, first.get(0).id(), "answered");

        pool.preparedQuery("UPDATE social_accounts SET active = false, flagged_reason = 'switched off' WHERE id = $1")
                .execute(Tuple.of(business.accountId())).await().atMost(AWAIT);
        List<UnifiedMessage> second = Seeds.inbound(pool, business, "4915100000002", "and on sunday?");
        Seeds.makeDue(redis, second);

        Seeds.awaitStatus(pool, second.get(0).id(), "held");
        assertEquals(0, Seeds.replies(business, "4915100000002").size(), "nothing sent on the inactive account");
    }
}
