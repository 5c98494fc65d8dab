package ru.osago.aggregator.operator;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The aggregator instances alive: those whose breaker states in {@code insurer_breaker} were refreshed within
 * {@code osago.operator.instance-gone-after} (each instance writes them every {@code sample-period-ms}).
 */
@Component
public class LiveInstances {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final Duration goneAfter;

    LiveInstances(NamedParameterJdbcTemplate jdbc, Clock clock, AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.goneAfter = properties.operator().instanceGoneAfter();
    }

    /** How many are alive now (0 until the first samples are written). */
    public int count() {
        Integer alive = jdbc.queryForObject("select count(distinct instance_id) from insurer_breaker where seen_at > :alive",
                Map.of("alive", Timestamp.from(clock.instant().minus(goneAfter))), Integer.class);
        return alive == null ? 0 : alive;
    }
}
