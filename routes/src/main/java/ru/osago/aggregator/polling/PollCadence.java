package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The cluster polls every {@code osago.polling.period-ms}, not each instance: with N instances alive, each
 * claims on every N-th tick of its timer. A claim costs about the same whatever it returns, so N instances
 * claiming at the full rate would make N times the claims, each 1/N the size. A due row still waits about one period for the next claim, whichever instance
 * makes it. Instances alive are those whose breaker states are fresh in {@code insurer_breaker} (written every
 * {@code osago.operator.sample-period-ms}, gone after {@code osago.operator.instance-gone-after}); read again
 * every {@link #RECOUNT}. After an instance dies the others poll at the slower pace until it counts as gone.
 */
@Component
public class PollCadence {

    static final Duration RECOUNT = Duration.ofSeconds(5);
    private static final String COUNT = "select count(distinct instance_id) from insurer_breaker where seen_at > :alive";

    private final IntSupplier countAlive;
    private final Clock clock;
    private volatile int instances = 1;
    private long countedAt = Long.MIN_VALUE;
    private long tick;

    @Autowired
    PollCadence(NamedParameterJdbcTemplate jdbc, Clock clock, AggregatorProperties properties, MeterRegistry meters) {
        this(() -> jdbc.queryForObject(COUNT, Map.of("alive",
                Timestamp.from(clock.instant().minus(properties.operator().instanceGoneAfter()))), Integer.class), clock, meters);
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
