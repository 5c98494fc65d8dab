package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.operator.LiveInstances;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The cluster polls every {@code osago.polling.period-ms}, not each instance: with N instances alive, each
 * claims on every N-th tick of its timer. A claim costs about the same whatever it returns, so N instances
 * claiming at the full rate would make N times the claims, each 1/N the size. A due row waits for the next
 * claim by any instance: about one period while the instances' ticks are spread, up to N periods when they
 * fall together. Instances alive are {@link LiveInstances}, counted again every {@link #RECOUNT}; after an
 * instance dies the others poll at the slower pace until it counts as gone.
 */
@Component
public class PollCadence {

    static final Duration RECOUNT = Duration.ofSeconds(5);

    private final IntSupplier countAlive;
    private final Clock clock;
    private volatile int instances = 1;
    private long countedAt = Long.MIN_VALUE;
    private long tick;

    @Autowired
    PollCadence(LiveInstances alive, Clock clock, MeterRegistry meters) {
        this(alive::count, clock, meters);
    }

    PollCadence(IntSupplier countAlive, Clock clock, MeterRegistry meters) {
        this.countAlive = countAlive;
        this.clock = clock;
        Gauge.builder("osago.polling.instances", this, cadence -> cadence.instances)
                .description("aggregator instances sharing the poll period: this one claims on every n-th tick").register(meters);
    }

    /** Whether this tick of the poller's timer claims; called once per tick, from the timer's one thread. */
    public synchronized boolean claimsOnThisTick() {
        long now = clock.millis();
        if (countedAt == Long.MIN_VALUE || now - countedAt >= RECOUNT.toMillis()) {
            countedAt = now;
            instances = Math.max(1, countAlive.getAsInt());
        }
        return tick++ % instances == 0;
    }

    /** Instances alive at the last count (at least this one). */
    public int instances() {
        return instances;
    }
}
