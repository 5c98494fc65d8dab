package ru.osago.core.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams' meters: {@code osago.core.streams.open} (gauge, tag {@code kind}: websocket, sse) and
 * {@code osago.core.push.latency} (timer) from an event's arrival on rs.queue ({@code JMSTimestamp}) to its frame
 * leaving this instance. The timer's buckets are fixed around the 50 ms target, so a scrape's histogram gives
 * the p99 of any time window (the benchmark reads it); {@code osago.core.streams.caught.up} (counter) counts the
 * streams that got a final event the live topic had lost from a re-read of the database.
 */
@Component
public class StreamMetrics {

    private static final Duration[] PUSH_BUCKETS = {
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(30), Duration.ofMillis(40), Duration.ofMillis(50), Duration.ofMillis(75),
            Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(200), Duration.ofMillis(300),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Map<String, AtomicInteger> open = Map.of("websocket", new AtomicInteger(), "sse", new AtomicInteger());
    private final Timer push;
    private final Counter caughtUp;

    StreamMetrics(MeterRegistry registry) {
        open.forEach((kind, count) -> Gauge.builder("osago.core.streams.open", count, AtomicInteger::get)
                .description("Streams open on this instance").tag("kind", kind).register(registry));
        push = Timer.builder("osago.core.push.latency")
                .description("From an event's arrival on rs.queue to its frame leaving this instance")
                .serviceLevelObjectives(PUSH_BUCKETS)
                .register(registry);
        caughtUp = Counter.builder("osago.core.streams.caught.up")
                .description("Streams that got missed events, their final one among them, from a re-read of the"
                        + " database: the live topic lost a message")
                .register(registry);
    }

    void opened(String kind) {
        count(kind).incrementAndGet();
    }

    void closed(String kind) {
        count(kind).decrementAndGet();
    }

    /** A live event's frame has left: its latency from {@code arrivedAtMs} (epoch ms) until now. */
    void pushed(long arrivedAtMs) {
        push.record(Math.max(0, System.currentTimeMillis() - arrivedAtMs), TimeUnit.MILLISECONDS);
    }

    void caughtUp(int streams) {
        caughtUp.increment(streams);
    }

    private AtomicInteger count(String kind) {
        AtomicInteger count = open.get(kind);
        if (count == null) {
            throw new IllegalArgumentException("unknown stream kind " + kind);
        }
        return count;
    }
}
