package ru.osago.aggregator.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyBucketsTest {

    @Test
    void aCallFallsInTheFirstBucketWhoseBoundHoldsIt() {
        assertThat(LatencyBuckets.index(0)).isEqualTo(0);
        assertThat(LatencyBuckets.index(5)).isEqualTo(0);
        assertThat(LatencyBuckets.index(6)).isEqualTo(1);
        assertThat(LatencyBuckets.index(30_000)).isEqualTo(LatencyBuckets.BOUNDS_MS.length - 1);
        assertThat(LatencyBuckets.index(30_001)).isEqualTo(LatencyBuckets.BOUNDS_MS.length);
    }

    @Test
    void percentilesAreInterpolatedWithinTheirBucket() {
        long[] counts = new long[LatencyBuckets.SIZE];
        counts[LatencyBuckets.index(75)] = 50;   // (50, 100]
        counts[LatencyBuckets.index(400)] = 50;  // (250, 500]

        assertThat(LatencyBuckets.quantile(counts, 0.5)).isEqualTo(100);
        assertThat(LatencyBuckets.quantile(counts, 0.25)).isEqualTo(75);
        assertThat(LatencyBuckets.quantile(counts, 0.99)).isEqualTo(495);
    }

    @Test
    void noCallsHaveNoPercentileAndTheOpenBucketReadsAsItsLowerBound() {
        long[] counts = new long[LatencyBuckets.SIZE];
        assertThat(LatencyBuckets.quantile(counts, 0.5)).isNull();
        counts[LatencyBuckets.SIZE - 1] = 3;
        assertThat(LatencyBuckets.quantile(counts, 0.99)).isEqualTo(30_000);
    }
}
