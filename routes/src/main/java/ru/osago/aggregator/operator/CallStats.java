package ru.osago.aggregator.operator;

import org.springframework.stereotype.Component;
import ru.osago.aggregator.insurer.CallOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's calls per insurer since the last sample: counts, latency buckets and the last error. The hot
 * path only adds to counters ({@link #record}); the insurer-samples route takes and resets them every sample
 * period ({@link #drain}) and writes them to the database. A call refused by the breaker or an operator's switch,
 * or put off by the rate limit or the bulkhead, was not made and is not counted.
 */
@Component
public class CallStats {

    /** What one insurer's calls came to over one sample period. */
    record Sample(String insurerId, long calls, long successes, long[] latencyBuckets, String lastError, Instant lastErrorAt) {
    }

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder[] buckets = new LongAdder[LatencyBuckets.SIZE];
        volatile String lastError;
        volatile Instant lastErrorAt;

        Counters() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<String, Counters> insurers = new ConcurrentHashMap<>();

    public void record(CallOutcome outcome, Instant started) {
        boolean success;
        switch (outcome.reply().kind()) {
            case CREATED, PENDING, OFFER, DECLINED -> success = true;
            case RETRY, FAILED -> success = false;
            default -> {
                return;
            }
        }
        Counters counters = insurers.computeIfAbsent(outcome.call().insurerId(), id -> new Counters());
        counters.calls.increment();
        counters.buckets[LatencyBuckets.index(Duration.between(started, outcome.finishedAt()).toMillis())].increment();
        if (success) {
            counters.successes.increment();
        } else {
            counters.lastError = outcome.reply().reason();
            counters.lastErrorAt = outcome.finishedAt();
        }
    }

    /** The counts since the last drain, per insurer with calls (a call counted during the drain may fall in the next). */
    List<Sample> drain() {
        List<Sample> samples = new ArrayList<>();
        insurers.forEach((insurerId, counters) -> {
            long calls = counters.calls.sumThenReset();
            if (calls == 0) {
                return;
            }
            long[] buckets = new long[LatencyBuckets.SIZE];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = counters.buckets[i].sumThenReset();
            }
            String lastError = counters.lastError;
            Instant lastErrorAt = counters.lastErrorAt;
            counters.lastError = null;
            counters.lastErrorAt = null;
            samples.add(new Sample(insurerId, calls, counters.successes.sumThenReset(), buckets, lastError, lastErrorAt));
        });
        return samples;
    }
}
