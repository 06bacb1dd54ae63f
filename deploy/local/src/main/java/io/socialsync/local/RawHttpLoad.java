package io.socialsync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A lean load generator for the ingest benchmark: keep-alive HTTP/1.1 connections on plain sockets, one thread per
 * connection, each request a fresh signed WhatsApp delivery. It spends a few microseconds per request, so that on a
 * small machine the figures are the service's and not the client's (the JDK's HttpClient costs far more CPU per
 * request than the service under test).
 */
final class RawHttpLoad {

    /** One step's figures. {@code concurrency} 0 = open loop. */
    record Result(int concurrency, double rate, double p50, double p99, long errors) {
    }

    private final InetSocketAddress address;
    private final String path;
    private final String secret;
    private final String account;
    final String run = Long.toString(System.currentTimeMillis() % 100_000_000);
    final AtomicLong sequence = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();

    RawHttpLoad(InetSocketAddress address, String path, String secret, String account) {
        this.address = address;
        this.path = path;
        this.secret = secret;
        this.account = account;
    }

    /** {@code concurrency} connections, each sending its next request as soon as the previous one is answered. */
    Result closedLoop(int concurrency, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(() -> {
                LongList mine = new LongList();
                try (Connection connection = new Connection()) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        if (connection.exchange()) {
                            mine.add(System.nanoTime() - sent);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
                latencies.add(mine.toArray());
            }, "load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(duration.toMillis() + 30_000);
        }
        return result(concurrency, latencies, errors.get(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * Requests due at a fixed rate whatever the answers do. Latency counts from when a request was due, so a
     * request that waited for a free connection shows that wait (no coordinated omission).
     */
    Result openLoop(double perSecond, Duration duration, int connections) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        BlockingQueue<Long> due = new ArrayBlockingQueue<>(1 << 20);
        long started = System.nanoTime();
        long total = (long) (perSecond * duration.toSeconds());
        long[] poison = {Long.MIN_VALUE};
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread worker = new Thread(() -> {
                LongList mine = new LongList();
                try (Connection connection = new Connection()) {
                    while (true) {
                        long at = due.take();
                        if (at == poison[0]) {
                            break;
                        }
                        if (connection.exchange()) {
                            mine.add(System.nanoTime() - at);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                latencies.add(mine.toArray());
            }, "open-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        double interval = 1e9 / perSecond;
        for (long i = 0; i < total; i++) {
            long at = started + (long) (i * interval);
            long wait = at - System.nanoTime();
            if (wait > 50_000) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!due.offer(at)) {
                errors.incrementAndGet();
            }
        }
        for (int i = 0; i < connections; i++) {
            due.put(poison[0]);
        }
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        return result(0, latencies, errors.get(), (System.nanoTime() - started) / 1e9);
    }

    private static Result result(int concurrency, ConcurrentLinkedQueue<long[]> latencies, long errors,
            double seconds) {
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        return new Result(concurrency, all.length / seconds, percentile(all, 50), percentile(all, 99), errors);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** One keep-alive connection; reconnects after a failure. */
    private final class Connection implements AutoCloseable {

        private final byte[] buffer = new byte[16 * 1024];
        private final Mac mac;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection() throws IOException {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            connect();
        }

        private void connect() throws IOException {
            close();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 2_000);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** @return whether the answer was 200 */
        boolean exchange() throws IOException {
            byte[] request = request();
            try {
                out.write(request);
                out.flush();
                int status = readResponse();
                if (status == 200) {
                    accepted.incrementAndGet();
                    return true;
                }
                return false;
            } catch (IOException e) {
                connect();
                return false;
            }
        }

        private byte[] request() {
            long n = sequence.incrementAndGet();
            String customer = "49170" + run.substring(Math.max(0, run.length() - 3)) + String.format("%03d",
                    n % 1000);
            byte[] body = new WhatsAppTextDelivery(account, customer, "Bench Customer",
                    "wamid.BENCH" + run + "-" + n, "Do you ship to Lisbon?", Instant.now()).body();
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nContent-Type: application/json\r\n" + WebhookSignature.HEADER + ": " + signature
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            return request;
        }

        /** Reads one response (status line, headers, a Content-Length or chunked body); @return the status */
        private int readResponse() throws IOException {
            int filled = 0;
            int headerEnd;
            while ((headerEnd = indexOf(buffer, filled, "\r\n\r\n")) < 0) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new IOException("connection closed");
                }
                filled += read;
            }
            String head = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            int bodyStart = headerEnd + 4;
            int already = filled - bodyStart;
            int lengthAt = lower.indexOf("content-length:");
            if (lengthAt >= 0) {
                int lineEnd = lower.indexOf("\r\n", lengthAt);
                int length = Integer.parseInt(lower.substring(lengthAt + 15, lineEnd < 0 ? lower.length() : lineEnd)
                        .trim());
                long remaining = length - already;
                while (remaining > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (read < 0) {
                        throw new IOException("connection closed");
                    }
                    remaining -= read;
                }
            } else if (lower.contains("transfer-encoding: chunked")) {
                System.arraycopy(buffer, bodyStart, buffer, 0, already);
                filled = already;
                while (indexOf(buffer, filled, "0\r\n\r\n") < 0) {
                    int read = in.read(buffer, filled, buffer.length - filled);
                    if (read < 0) {
                        throw new IOException("connection closed");
                    }
                    filled += read;
                }
            }
            return status;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static int indexOf(byte[] data, int length, String pattern) {
        byte[] needle = pattern.getBytes(StandardCharsets.US_ASCII);
        outer : for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A growable list of longs without boxing. */
    private static final class LongList {

        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
