package io.socialsync.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.testsupport.RealServers;

/**
 * What the shared outbound limiter costs a reply: the responder's {@code outbound_limit.lua}, as shipped, run at a
 * fixed rate (1 000 replies/s by default, open loop: latency counted from when the call was due) for accounts on the
 * default plan's 60 messages per minute and fresh recipients, next to a {@code PING} at the same rate (the bare round
 * trip). Prints Redis round trips per reply, p50/p99 of both and the difference, and Redis's own time per call.
 * Arguments: [replies per second (1000)] [seconds (10)] [accounts (2000)].
 */
public final class LimiterCost {

    private static final int CONNECTIONS = 8;
    private static final Path SCRIPT = Path.of("responder-service/src/main/resources/lua/outbound_limit.lua");

    private LimiterCost() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        URI redis = URI.create(RealServers.redis().hosts());
        String sha;
        try (Connection connection = new Connection(redis)) {
            sha = connection.call("SCRIPT", "LOAD", Files.readString(SCRIPT)).toString();
            connection.call("CONFIG", "RESETSTAT");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("Outbound limiter at %d replies/s for %d s (after %d s of warm-up), %d accounts at 60/min, "
                + "fresh recipients, %d connections%n", rate, seconds, 2, accounts, CONNECTIONS);
        load(redis, rate, 2, i -> limiterCall(sha, run + "-warm", i, accounts));
        long[] ping = load(redis, rate, seconds, i -> new String[]{"PING"});
        long[] limiter = load(redis, rate, seconds, i -> limiterCall(sha, run, i, accounts));
        String stats;
        try (Connection connection = new Connection(redis)) {
            stats = connection.call("INFO", "commandstats").toString();
        }
        double p50 = Percentiles.millis(limiter, 50, 1e6);
        double p99 = Percentiles.millis(limiter, 99, 1e6);
        double ping50 = Percentiles.millis(ping, 50, 1e6);
        double ping99 = Percentiles.millis(ping, 99, 1e6);
        System.out.printf("  round trips per reply part: 1 (EVALSHA; EVAL once more after a Redis restart)%n");
        System.out.printf("  limiter (EVALSHA)   p50 %.3f ms   p99 %.3f ms   (%d calls)%n", p50, p99, limiter.length);
        System.out.printf("  bare round trip     p50 %.3f ms   p99 %.3f ms   (PING, same rate)%n", ping50, ping99);
        System.out.printf("  added per reply     p50 %.3f ms   p99 %.3f ms%n", p50 - ping50, p99 - ping99);
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_ping:")) {
                System.out.println("  Redis " + line);
            }
        }
    }

    /** One reply's turn: a fresh recipient on one of the accounts, as PacedSender asks for it. */
    private static String[] limiterCall(String sha, String run, long i, int accounts) {
        String account = run + "-" + (i % accounts);
        return new String[]{"EVALSHA", sha, "4", RedisKeys.accountSends(Platform.WHATSAPP, account),
                RedisKeys.recipientTurn(Platform.WHATSAPP, account, run + "-r" + i),
                RedisKeys.numberSends(Platform.WHATSAPP, account), RedisKeys.numberSlowdown(Platform.WHATSAPP, account),
                UUID.randomUUID().toString(), "60", "60050", "1050", "80", "1050", "10000"};
    }

    interface Command {
        String[] of(long i);
    }

    /**
     * Sends {@code rate} commands a second for {@code seconds}, spread over {@link #CONNECTIONS} connections, each
     * at its due time; answers each one's latency from its due time, in ns, sorted.
     */
    private static long[] load(URI redis, int rate, int seconds, Command command) throws Exception {
        long total = (long) rate * seconds;
        long start = System.nanoTime() + 50_000_000;
        long interval = 1_000_000_000L / rate;
        List<Thread> threads = new ArrayList<>();
        long[][] latencies = new long[CONNECTIONS][];
        for (int c = 0; c < CONNECTIONS; c++) {
            int lane = c;
            latencies[c] = new long[(int) ((total + CONNECTIONS - 1 - c) / CONNECTIONS)];
            Thread thread = new Thread(() -> {
                try (Connection connection = new Connection(redis)) {
                    int n = 0;
                    for (long i = lane; i < total; i += CONNECTIONS) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        connection.call(command.of(i));
                        latencies[lane][n++] = System.nanoTime() - due;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** One Redis connection speaking RESP2: commands as arrays of bulk strings, any answer read back. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI redis) throws IOException {
            socket = new Socket(redis.getHost(), redis.getPort());
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 14);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
        }

        Object call(String... parts) throws IOException {
            StringBuilder resp = new StringBuilder().append('*').append(parts.length).append("\r\n");
            for (String part : parts) {
                resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                        .append("\r\n");
            }
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        private Object read() throws IOException {
            int type = in.read();
            String line = line();
            switch (type) {
                case '+', ':' -> {
                    return line;
                }
                case '-' -> throw new IOException("Redis: " + line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        return null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        items.add(read());
                    }
                    return items;
                }
                default -> throw new IOException("unexpected Redis answer type " + (char) type);
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
