package io.socialsync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.socialsync.local.WhatsAppTextDelivery;
import io.socialsync.model.HubSignature;

/**
 * A lean load generator for the ingest benchmark: keep-alive HTTP/1.1 connections driven by one thread with a
 * selector (epoll), each request a fresh signed WhatsApp delivery. On a 2-core machine the client competes with the
 * service, PostgreSQL and Redis for CPU, so it must cost little per request: no thread per connection (their wake-ups
 * and context switches cost more than the request), bodies spliced from a template instead of serialised, one
 * {@link HubSignature.Signer} (one Mac) reused. Its own CPU per request is printed by the benchmark next to the service's.
 */
final class RawHttpLoad {

    /**
     * One step's figures. {@code concurrency} 0 = open loop. {@code p99Unsent}: in the open loop, the p99 of how long a
     * request waited in this client before it was written (this thread not scheduled, or no free connection); it is
     * part of the latency, which counts from when the request was due.
     */
    record Result(int concurrency, long answered, double seconds, double p50, double p99, long errors,
            double p99Unsent, SlowSpans slow) {

        double rate() {
            return answered / seconds;
        }
    }

    /**
     * Where an open loop's slow answers came from in time: the requests due within {@code millis} of the step (in 10 ms
     * slices) were answered slower than the bound, in {@code episodes} runs of adjacent slices, the longest
     * {@code longestMillis}. A p99 above the bound needs slow requests in more than 1 % of the step: many short
     * episodes point at frequent small stalls, a few long ones at a stall the service then drains only slowly.
     */
    record SlowSpans(long millis, int episodes, long longestMillis) {

        static SlowSpans of(boolean[] slices) {
            long millis = 0;
            int episodes = 0;
            long longest = 0;
            long current = 0;
            for (boolean slow : slices) {
                if (slow) {
                    millis += SLICE_MILLIS;
                    current += SLICE_MILLIS;
                    if (current == SLICE_MILLIS) {
                        episodes++;
                    }
                    longest = Math.max(longest, current);
                } else {
                    current = 0;
                }
            }
            return new SlowSpans(millis, episodes, longest);
        }
    }

    private static final long SLICE_MILLIS = 10;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CHUNKED_END = {'0', '\r', '\n', '\r', '\n'};
    private static final String CUSTOMER_MARK = "CUSTOMERMARK";
    private static final String WAMID_MARK = "WAMIDMARK";
    private static final long SENT_AT_MARK = 1_111_111_111L;

    private final InetSocketAddress address;
    private final byte[] headPrefix;
    private final byte[][] bodySegments;
    private final HubSignature.Signer signer;
    final String run = Long.toString(System.currentTimeMillis() % 100_000_000);
    final AtomicLong sequence = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();

    RawHttpLoad(InetSocketAddress address, String path, String secret, String account) {
        this.address = address;
        this.headPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: application/json\r\n" + HubSignature.HEADER + ": " + HubSignature.PREFIX)
                .getBytes(StandardCharsets.US_ASCII);
        // The payload's shape comes from WhatsAppTextDelivery, like every other local delivery; only the values
        // that change per request are spliced in.
        String template = new String(new WhatsAppTextDelivery(account, CUSTOMER_MARK, "Bench Customer", WAMID_MARK,
                "Do you ship to Lisbon?", Instant.ofEpochSecond(SENT_AT_MARK)).body(), StandardCharsets.UTF_8);
        this.bodySegments = Arrays.stream(template.split(CUSTOMER_MARK + "|" + WAMID_MARK + "|" + SENT_AT_MARK, -1))
                .map(segment -> segment.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        if (bodySegments.length != 5) {
            throw new IllegalStateException("unexpected delivery template: " + template);
        }
        signer = HubSignature.signer(secret);
    }

    /** {@code concurrency} connections, each sending its next request as soon as the previous one is answered. */
    Result closedLoop(int concurrency, Duration duration) throws IOException {
        return drive(concurrency, duration, 0, Long.MAX_VALUE);
    }

    /**
     * Requests due at a fixed rate whatever the answers do, over {@code connections} connections. Latency counts
     * from when a request was due, so a request that waited for a free connection shows that wait (no coordinated
     * omission).
     */
    Result openLoop(double perSecond, Duration duration, int connections, Duration slowerThan) throws IOException {
        return drive(connections, duration, perSecond, slowerThan.toNanos());
    }

    /** @param perSecond 0 for a closed loop */
    private Result drive(int connections, Duration duration, double perSecond, long slowNanos) throws IOException {
        LongList latencies = new LongList();
        LongList unsent = new LongList();
        long errors = 0;
        try (Selector selector = Selector.open()) {
            List<Connection> all = new ArrayList<>();
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            List<Connection> broken = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection connection = new Connection(selector);
                all.add(connection);
                idle.add(connection);
            }
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            long giveUp = end + Duration.ofSeconds(30).toNanos();
            boolean openLoop = perSecond > 0;
            double interval = openLoop ? 1e9 / perSecond : 0;
            long total = openLoop ? (long) (perSecond * duration.toSeconds()) : Long.MAX_VALUE;
            // Slices of due time in which some request was answered slower than slowNanos (open loop only).
            boolean[] slowSlices = new boolean[openLoop ? (int) (duration.toMillis() / SLICE_MILLIS) + 1 : 0];
            long issued = 0;
            LongList backlog = new LongList();
            int backlogHead = 0;
            int inFlight = 0;
            while (true) {
                long now = System.nanoTime();
                if (openLoop) {
                    while (issued < total && started + (long) (issued * interval) <= now) {
                        backlog.add(started + (long) (issued * interval));
                        issued++;
                    }
                    while (backlogHead < backlog.size() && !idle.isEmpty()) {
                        Connection connection = idle.poll();
                        long due = backlog.get(backlogHead++);
                        unsent.add(now - due);
                        if (connection.send(due)) {
                            inFlight++;
                        } else {
                            errors++;
                            broken.add(connection);
                        }
                    }
                } else if (now < end) {
                    while (!idle.isEmpty()) {
                        Connection connection = idle.poll();
                        if (connection.send(now)) {
                            inFlight++;
                        } else {
                            errors++;
                            broken.add(connection);
                        }
                    }
                }
                // A connection whose write failed has reconnected; it takes work again after the next select.
                idle.addAll(broken);
                broken.clear();
                boolean allIssued = openLoop ? issued == total && backlogHead == backlog.size() : now >= end;
                if ((allIssued && inFlight == 0) || now > giveUp) {
                    errors += inFlight;
                    break;
                }
                // Answers wake the selector often under load; otherwise it sleeps until the next request is due,
                // at least 1 ms (requests due meanwhile leave together, their wait counted in their latency).
                long waitMillis = openLoop && issued < total
                        ? Math.max(1, (started + (long) (issued * interval) - now) / 1_000_000)
                        : 50;
                selector.select(waitMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    int status = connection.onReady(key);
                    if (status == 0) {
                        continue;
                    }
                    inFlight--;
                    if (status == 200) {
                        accepted.incrementAndGet();
                        long latency = System.nanoTime() - connection.dueAt;
                        latencies.add(latency);
                        if (latency > slowNanos && openLoop) {
                            int slice = (int) ((connection.dueAt - started) / 1_000_000 / SLICE_MILLIS);
                            slowSlices[Math.min(slice, slowSlices.length - 1)] = true;
                        }
                    } else {
                        errors++;
                    }
                    idle.add(connection);
                }
                selector.selectedKeys().clear();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            all.forEach(Connection::close);
            long[] sorted = latencies.toArray();
            Arrays.sort(sorted);
            long[] waits = unsent.toArray();
            Arrays.sort(waits);
            return new Result(openLoop ? 0 : connections, sorted.length, seconds, Percentiles.millis(sorted, 50, 1e6),
                    Percentiles.millis(sorted, 99, 1e6), errors, openLoop ? Percentiles.millis(waits, 99, 1e6) : 0,
                    openLoop ? SlowSpans.of(slowSlices) : null);
        }
    }

    /** The next request's bytes: a fresh message id, one of 1000 customers, signed. */
    private ByteBuffer request() {
        long n = sequence.incrementAndGet();
        String customer = "49170" + run.substring(Math.max(0, run.length() - 3)) + (1000 + n % 1000);
        byte[][] values = {customer.getBytes(StandardCharsets.US_ASCII),
                ("wamid.BENCH" + run + "-" + n).getBytes(StandardCharsets.US_ASCII),
                Long.toString(System.currentTimeMillis() / 1000).getBytes(StandardCharsets.US_ASCII)};
        // Segments alternate with values in template order: customer (contacts), customer (from), id, timestamp.
        byte[][] order = {values[0], values[0], values[1], values[2]};
        int length = bodySegments[0].length;
        for (int i = 0; i < order.length; i++) {
            length += order[i].length + bodySegments[i + 1].length;
        }
        byte[] body = new byte[length];
        int at = 0;
        for (int i = 0; i < bodySegments.length; i++) {
            System.arraycopy(bodySegments[i], 0, body, at, bodySegments[i].length);
            at += bodySegments[i].length;
            if (i < order.length) {
                System.arraycopy(order[i], 0, body, at, order[i].length);
                at += order[i].length;
            }
        }
        byte[] signature = signer.hex(body).getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.allocate(headPrefix.length + signature.length + tail.length + length);
        request.put(headPrefix).put(signature).put(tail).put(body).flip();
        return request;
    }

    /** One keep-alive connection with at most one request in flight; reconnects after a failure. */
    private final class Connection {

        private final Selector selector;
        private final ByteBuffer response = ByteBuffer.allocate(16 * 1024);
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer pending;
        long dueAt;

        Connection(Selector selector) throws IOException {
            this.selector = selector;
            connect();
        }

        private void connect() throws IOException {
            close();
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            response.clear();
        }

        /** Starts the next request; @return false when it could not be written (counted as an error). */
        boolean send(long due) {
            dueAt = due;
            pending = request();
            try {
                channel.write(pending);
                if (pending.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                return true;
            } catch (IOException e) {
                return reconnectAfterFailure();
            }
        }

        /** @return the response's status once it is complete, else 0; -1 for a failed connection */
        int onReady(SelectionKey ready) {
            try {
                if (ready.isWritable()) {
                    channel.write(pending);
                    if (!pending.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (ready.isReadable()) {
                    if (channel.read(response) < 0) {
                        throw new IOException("connection closed");
                    }
                    return completeResponse();
                }
                return 0;
            } catch (IOException e) {
                reconnectAfterFailure();
                return -1;
            }
        }

        /** @return the status when the buffer holds a whole response (status line, headers, body), else 0 */
        private int completeResponse() throws IOException {
            byte[] data = response.array();
            int filled = response.position();
            int headerEnd = indexOf(data, 0, filled, HEADER_END);
            if (headerEnd < 0) {
                return 0;
            }
            String head = new String(data, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            int bodyStart = headerEnd + HEADER_END.length;
            int lengthAt = head.indexOf("content-length:");
            boolean complete;
            if (lengthAt >= 0) {
                int lineEnd = head.indexOf("\r\n", lengthAt);
                int length = Integer.parseInt(head.substring(lengthAt + 15, lineEnd < 0 ? head.length() : lineEnd)
                        .trim());
                complete = filled - bodyStart >= length;
            } else if (head.contains("transfer-encoding: chunked")) {
                complete = indexOf(data, bodyStart, filled, CHUNKED_END) >= 0;
            } else {
                throw new IOException("a response without a length");
            }
            if (!complete) {
                if (!response.hasRemaining()) {
                    throw new IOException("response larger than " + response.capacity() + " bytes");
                }
                return 0;
            }
            response.clear();
            return Integer.parseInt(head.substring(9, 12));
        }

        private boolean reconnectAfterFailure() {
            try {
                connect();
            } catch (IOException e) {
                // the next send fails again and is counted
            }
            return false;
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static int indexOf(byte[] data, int from, int to, byte[] needle) {
        outer : for (int i = from; i <= to - needle.length; i++) {
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
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
