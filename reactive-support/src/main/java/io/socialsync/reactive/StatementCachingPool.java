package io.socialsync.reactive;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive pool, built as Quarkus configures it, with one change: statements up to 8 KiB are kept prepared on
 * each connection ({@code quarkus.datasource.reactive.cache-prepared-statements=true} keeps only those under the
 * Vert.x default of 2 KiB, and the store statements are longer). A kept statement is parsed and planned once per
 * connection instead of once per group of webhooks or replies.
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    static final int STATEMENT_CACHE_SQL_LIMIT = 8 * 1024;

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> servers = input.pgConnectOptionsList().stream()
                .map(options -> (SqlConnectOptions) options
                        .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT))
                .toList();
        // Several URLs: each new connection goes to the next server, as Quarkus does it.
        AtomicInteger next = new AtomicInteger();
        return PgBuilder.pool().with(input.poolOptions())
                .connectingTo(() -> Future.succeededFuture(
                        servers.get(Math.floorMod(next.getAndIncrement(), servers.size()))))
                .using(input.vertx()).build();
    }
}
