package io.socialsync.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statements of concurrent callers committed together ({@link GroupedWrites}): those waiting while a group commits
 * go as the next group, pipelined on one connection in one transaction, so under load one round trip and one commit
 * serve many callers. Each statement must be correct on its own, as if it ran alone: a group PostgreSQL refuses is
 * run again statement by statement.
 */
public final class SharedCommits {

    /** One caller's statement. */
    private record Statement(String sql, Tuple arguments) {
    }

    private final GroupedWrites<Statement, RowSet<Row>> writes;

    /**
     * @param maxInFlight transactions committing at once
     * @param maxGroup statements in one transaction at most
     * @param groupSize told the size of each group as it starts (a metric)
     */
    public SharedCommits(Pool pool, int maxInFlight, int maxGroup, IntConsumer groupSize) {
        this.writes = new GroupedWrites<>(maxInFlight, maxGroup, statements -> statements.size() == 1
                ? pool.preparedQuery(statements.get(0).sql()).execute(statements.get(0).arguments()).map(List::of)
                : pool.withTransaction(connection -> {
                    List<Uni<RowSet<Row>>> pipelined = new ArrayList<>(statements.size());
                    for (Statement statement : statements) {
                        pipelined.add(connection.preparedQuery(statement.sql()).execute(statement.arguments()));
                    }
                    return Uni.join().all(pipelined).andFailFast();
                }), groupSize);
    }

    /** Runs the statement, committed with those of the callers waiting beside it; answers its own rows. */
    public Uni<RowSet<Row>> execute(String sql, Tuple arguments) {
        return writes.call(new Statement(sql, arguments));
    }
}
