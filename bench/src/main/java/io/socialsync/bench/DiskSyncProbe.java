package io.socialsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * How long the disk takes to make a small write durable while a benchmark step runs: every 10 ms one 8 KiB write and
 * {@code fdatasync} ({@link FileChannel#force force(false)}), in a file of its own next to the embedded PostgreSQL's
 * data (the JVM's temporary folder). Every commit waits for such a sync of the WAL, and ingest answers a webhook only
 * after its commit, so a sync that stalls for 50 ms stalls every delivery in flight: this says whether a step's slow
 * answers coincide with the disk's. About 100 syncs a second add little to the load being measured.
 */
final class DiskSyncProbe implements AutoCloseable {

    /** One step's syncs: how many, p50, p99 and the longest (ms), and how many took longer than the goal's bound. */
    record Syncs(int count, double p50, double p99, double max, int over) {
    }

    private static final long INTERVAL_MILLIS = 10;
    private static final int FILE_BLOCKS = 1024;

    private final long overNanos;
    private final Path file;
    private final FileChannel channel;
    private final Thread thread;
    private final ByteBuffer block = ByteBuffer.allocateDirect(8192);
    private volatile boolean running = true;
    private long[] nanos = new long[4096];
    private int size;

    /** Starts probing at once; {@code overMillis}: the bound whose crossings {@link Syncs#over} counts. */
    DiskSyncProbe(double overMillis) {
        this.overNanos = (long) (overMillis * 1_000_000);
        try {
            file = Files.createTempFile("socialsync-bench-fdatasync", ".probe");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            // Written once ahead, so that the probe rewrites allocated blocks as PostgreSQL does a recycled WAL file.
            for (int i = 0; i < FILE_BLOCKS; i++) {
                channel.write(block.clear());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the fdatasync probe's file", e);
        }
        thread = new Thread(this::probe, "bench-fdatasync-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        long position = 0;
        try {
            while (running) {
                channel.write(block.clear(), position);
                position = (position + block.capacity()) % ((long) FILE_BLOCKS * block.capacity());
                long started = System.nanoTime();
                channel.force(false);
                record(System.nanoTime() - started);
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (IOException e) {
            System.err.println("fdatasync probe stopped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(long took) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = took;
    }

    /** The syncs since the last call, and starts counting anew. */
    synchronized Syncs drain() {
        long[] sorted = Arrays.copyOf(nanos, size);
        size = 0;
        Arrays.sort(sorted);
        int over = (int) Arrays.stream(sorted).filter(took -> took > overNanos).count();
        return new Syncs(sorted.length, Percentiles.millis(sorted, 50, 1e6), Percentiles.millis(sorted, 99, 1e6),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, over);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("could not remove " + file + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
