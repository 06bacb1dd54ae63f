package io.socialsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * The PostgreSQL and Redis that tests and the local stack talk to: real servers, never mocks.
 * <p>
 * Order of choice (DESIGN §8): the URLs of the runtime contract when they are set in the environment
 * ({@code QUARKUS_DATASOURCE_REACTIVE_URL}, {@code QUARKUS_DATASOURCE_USERNAME}, {@code QUARKUS_DATASOURCE_PASSWORD},
 * {@code QUARKUS_REDIS_HOSTS}); otherwise embedded servers, started once per JVM on free ports and stopped when the
 * JVM exits, so that a machine with only a JDK runs everything.
 */
public final class RealServers {

    /** How to reach PostgreSQL: the reactive URL ({@code postgresql://host:port/db}) and its credentials. */
    public record Postgres(String reactiveUrl, String username, String password) {

        public String jdbcUrl() {
            return "jdbc:" + reactiveUrl;
        }

        /** A JDBC connection, for seeding and reading outside the services. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), username, password);
        }
    }

    /** How to reach Redis: a {@code redis://host:port} URL. */
    public record Redis(String hosts) {
    }

    /**
     * System property: when {@code true}, an embedded PostgreSQL commits durably ({@code fsync}, {@code
     * synchronous_commit}), as benchmarks of commit throughput need; tests leave it off for speed.
     */
    public static final String DURABLE_PROPERTY = "socialsync.embedded-postgres.durable";

    /**
     * System property: when {@code true}, an embedded PostgreSQL loads {@code pg_stat_statements} (planning time
     * included), so that a benchmark can say which statements its time goes to.
     */
    public static final String STATEMENT_STATS_PROPERTY = "socialsync.embedded-postgres.statement-stats";

    /**
     * System property: when {@code true}, the servers are always embedded, whatever the environment names; for a
     * benchmark that writes more than a shared server should keep.
     */
    public static final String EMBEDDED_ONLY_PROPERTY = "socialsync.servers.embedded-only";

    private static Postgres postgres;
    private static Redis redis;

    private RealServers() {
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = fromEnvironment("QUARKUS_DATASOURCE_REACTIVE_URL")
                    .map(url -> new Postgres(url, env("QUARKUS_DATASOURCE_USERNAME").orElse("postgres"),
                            env("QUARKUS_DATASOURCE_PASSWORD").orElse("")))
                    .orElseGet(RealServers::startEmbeddedPostgres);
        }
        return postgres;
    }

    public static synchronized Redis redis() {
        if (redis == null) {
            redis = fromEnvironment("QUARKUS_REDIS_HOSTS").map(Redis::new).orElseGet(RealServers::startEmbeddedRedis);
        }
        return redis;
    }

    /** The Quarkus configuration that points a service at both servers. */
    public static Map<String, String> quarkusConfig() {
        Postgres pg = postgres();
        return Map.of(
                "quarkus.datasource.reactive.url", pg.reactiveUrl(),
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                "quarkus.datasource.username", pg.username(),
                "quarkus.datasource.password", pg.password(),
                "quarkus.redis.hosts", redis().hosts());
    }

    /** The same as environment variables, for a service started as a separate process. */
    public static Map<String, String> environment() {
        Postgres pg = postgres();
        return Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", pg.username(),
                "QUARKUS_DATASOURCE_PASSWORD", pg.password(),
                "QUARKUS_REDIS_HOSTS", redis().hosts());
    }

    private static Optional<String> fromEnvironment(String name) {
        return Boolean.getBoolean(EMBEDDED_ONLY_PROPERTY) ? Optional.empty() : env(name);
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    private static Postgres startEmbeddedPostgres() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(freePort());
            if (Boolean.getBoolean(DURABLE_PROPERTY)) {
                // As a production server commits: each commit waits for its WAL on disk (the library's default
                // skips that for fast tests).
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (Boolean.getBoolean(STATEMENT_STATS_PROPERTY)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            EmbeddedPostgres server = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is temporary either way
                }
            }, "embedded-postgres-stop"));
            return new Postgres("postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private static Redis startEmbeddedRedis() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }, "embedded-redis-stop"));
            return new Redis("redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
