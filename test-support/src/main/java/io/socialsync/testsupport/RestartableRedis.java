package io.socialsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * An embedded Redis of a test's own, on a fixed free port, that the test may stop and start again: a Redis outage,
 * or a restart without persistence that loses every key. Never the shared server of {@link RealServers}, which other
 * tests use at the same time.
 */
public final class RestartableRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private RestartableRedis(int port) {
        this.port = port;
    }

    /** Starts a new, empty Redis on a free port. */
    public static RestartableRedis start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RestartableRedis redis = new RestartableRedis(port);
        redis.up();
        return redis;
    }

    public String hosts() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server again, empty: no persistence, like a Redis restarted without its data. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            RedisServer fresh = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            fresh.start();
            server = fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on " + port, e);
        }
    }

    /** Stops the server; clients see connection refused until {@link #up()}. */
    public synchronized void down() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        down();
    }
}
