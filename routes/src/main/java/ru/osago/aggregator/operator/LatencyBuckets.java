package ru.osago.aggregator.operator;

/**
 * The fixed latency buckets of the operator's view: counts per bucket add up across instances and sample periods,
 * and a percentile is read from the sum (interpolated within its bucket, as Prometheus' histogram_quantile does).
 */
final class LatencyBuckets {

    /** Upper bounds in milliseconds; one more bucket counts the calls above the last. */
    static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};
    static final int SIZE = BOUNDS_MS.length + 1;

    private LatencyBuckets() {
    }

    static int index(long millis) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (millis <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    /** The q-quantile (0..1) in milliseconds, or null without calls; the last bucket reads as its lower bound. */
    static Long quantile(long[] counts, double q) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                if (i == BOUNDS_MS.length) {
                    return BOUNDS_MS[BOUNDS_MS.length - 1];
                }
                long lower = i == 0 ? 0 : BOUNDS_MS[i - 1];
                return Math.round(lower + (BOUNDS_MS[i] - lower) * ((rank - below) / counts[i]));
            }
            below += counts[i];
        }
        return BOUNDS_MS[BOUNDS_MS.length - 1];
    }
}
