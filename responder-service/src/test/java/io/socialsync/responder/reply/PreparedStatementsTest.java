package io.socialsync.responder.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The responder's connections keep their statements prepared, the long ones of the reply path included (a statement
 * over the Vert.x default of 2 KiB was parsed and planned again for every reply).
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class PreparedStatementsTest {

    @Inject
    Pool pool;

    @Test
    void aStatementOfSeveralKibibytesIsPreparedOnceAndKeptOnItsConnection() {
        String padding = "x".repeat(4 * 1024);
        String statement = "SELECT $1::int + 1 AS next, '" + padding + "' AS padding";
        assertTrue(statement.length() > 4 * 1024, "longer than the Vert.x default limit of 2 KiB");
        long kept = pool.withConnection(connection -> connection.preparedQuery(statement).execute(Tuple.of(1))
                .flatMap(first -> connection.preparedQuery(statement).execute(Tuple.of(2)))
                .flatMap(second -> connection.preparedQuery(
                        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%'")
                        .execute(Tuple.of(padding))))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(1L, kept, "prepared once on the connection, and kept there");
    }
}
