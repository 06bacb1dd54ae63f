package io.socialsync.bench;

/** Nearest-rank percentiles of the benchmarks' sorted latency samples, in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param sorted samples in ascending order
     * @param unitsPerMilli how many of the samples' units make a millisecond (1e6 for ns, 1e3 for µs, 1 for ms)
     * @return the {@code p}th percentile in ms, NaN when there are no samples
     */
    static double millis(long[] sorted, int p, double unitsPerMilli) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / unitsPerMilli;
    }
}
