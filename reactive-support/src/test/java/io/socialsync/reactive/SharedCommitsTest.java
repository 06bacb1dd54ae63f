package io.socialsync.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.socialsync.testsupport.RealServers;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;

/** Against a real PostgreSQL: grouped writes commit together, and one refused statement fails only its caller. */
class SharedCommitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Vertx vertx;
    private static Pool pool;
    private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    private String table;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        RealServers.Postgres postgres = RealServers.postgres();
        PgConnectOptions options = PgConnectOptions.fromUri(postgres.reactiveUrl()).setUser(postgres.username())
                .setPassword(postgres.password());
        pool = Pool.newInstance(PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(4))
                .using(vertx.getDelegate()).build());
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void createTable() {
        table = "shared_commits_" + Long.toHexString(System.nanoTime());
        pool.query("CREATE TABLE " + table + " (id int PRIMARY KEY, n int NOT NULL)").execute().await().atMost(WAIT);
        pool.query("INSERT INTO " + table + " VALUES (0, 0)").execute().await().atMost(WAIT);
    }

    private SharedCommits commits() {
        return new SharedCommits(pool, 1, 256, groupSizes::add);
    }

    @Test
    void concurrentWritesCommitTogetherAndEachCallerGetsItsOwnRows() {
        SharedCommits commits = commits();
        List<Uni<Integer>> calls = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            calls.add(commits.execute("INSERT INTO " + table + " VALUES ($1, $1 * 10) RETURNING n", Tuple.of(i))
                    .map(rows -> rows.iterator().next().getInteger("n")));
        }
        List<Integer> returned = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
        for (int i = 1; i <= 100; i++) {
            assertEquals(i * 10, returned.get(i - 1), "caller " + i + " reads the rows of its own statement");
        }
        assertEquals(101L, count());
        assertEquals(100, groupSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(groupSizes.size() < 100 && groupSizes.stream().anyMatch(size -> size > 1),
                "writes waiting for a busy transaction went together: " + groupSizes);
    }

    @Test
    void aRowEveryCallerUpdatesEndsWithEveryUpdate() {
        SharedCommits commits = commits();
        List<Uni<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(commits.execute("UPDATE " + table + " SET n = n + 1 WHERE id = 0", Tuple.tuple())
                    .replaceWithVoid());
        }
        Uni.join().all(calls).andFailFast().await().atMost(WAIT);
        assertEquals(200, pool.query("SELECT n FROM " + table + " WHERE id = 0").execute().await().atMost(WAIT)
                .iterator().next().getInteger("n"));
    }

    @Test
    void aRefusedStatementFailsOnlyItsCallerAndTheOthersOfItsGroupAreCommitted() {
        SharedCommits commits = commits();
        // Holds the only slot, so that the next three wait and go as one group.
        Uni<Void> busy = commits.execute("SELECT pg_sleep(0.3)", Tuple.tuple()).replaceWithVoid();
        Uni<String> first = insert(commits, 1);
        Uni<String> duplicate = insert(commits, 0);
        Uni<String> third = insert(commits, 3);
        List<String> outcomes = Uni.join().all(busy.replaceWith("slept"), first, duplicate, third).andFailFast()
                .await().atMost(WAIT);
        assertEquals(List.of("slept", "inserted", "refused", "inserted"), outcomes);
        assertTrue(groupSizes.contains(3), "the three went as one group: " + groupSizes);
        assertEquals(3L, count(), "the two good rows are committed beside the first");
    }

    @Test
    void aGroupWhoseConnectionBreaksFailsEveryCaller() {
        SharedCommits commits = commits();
        Uni<Void> busy = commits.execute("SELECT pg_sleep(0.3)", Tuple.tuple()).replaceWithVoid();
        Uni<String> killed = commits.execute("SELECT pg_terminate_backend(pg_backend_pid())", Tuple.tuple())
                .replaceWith("ran").onFailure().recoverWithItem(failure -> "failed");
        Uni<String> beside = commits.execute("INSERT INTO " + table + " VALUES (5, 1)", Tuple.tuple())
                .replaceWith("inserted").onFailure().recoverWithItem(failure -> "failed");
        List<String> outcomes = Uni.join().all(busy.replaceWith("slept"), killed, beside).andFailFast().await()
                .atMost(WAIT);
        assertEquals(List.of("slept", "failed", "failed"), outcomes,
                "whether the group committed is not known: nobody is told it did, and nothing is run twice");
        assertEquals(1L, count(), "the transaction never committed");
    }

    private Uni<String> insert(SharedCommits commits, int id) {
        return commits.execute("INSERT INTO " + table + " VALUES ($1, 1)", Tuple.of(id)).replaceWith("inserted")
                .onFailure().recoverWithItem(failure -> {
                    assertInstanceOf(PgException.class, failure);
                    return "refused";
                });
    }

    private long count() {
        // The pool may hand out the connection a test killed once before it notices: another one is asked then.
        return pool.query("SELECT count(*) FROM " + table).execute().onFailure().retry().atMost(3).await()
                .atMost(WAIT).iterator().next().getLong(0);
    }
}
