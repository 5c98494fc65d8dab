package ru.osago.aggregator.operator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.config.InstanceId;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.InsurerResilience;
import ru.osago.aggregator.insurer.InsurerSettings;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Writes what the operator API shows, every sample period, from this instance: its calls per insurer since the
 * last sample ({@link CallStats}) and each breaker's state with when it last changed (from the breaker's own
 * transition events, kept in memory: a transition happens on an HTTP I/O thread, which must not wait on the
 * database). Samples past {@code osago.operator.keep} are deleted here too.
 */
@Component
class InsurerSamples {

    private final NamedParameterJdbcTemplate jdbc;
    private final CallStats stats;
    private final InsurerCatalog catalog;
    private final InsurerResilience resilience;
    private final InstanceId instance;
    private final AggregatorProperties.Operator settings;
    private final Clock clock;
    private final Map<String, Instant> breakerChanged = new ConcurrentHashMap<>();

    InsurerSamples(NamedParameterJdbcTemplate jdbc, CallStats stats, InsurerCatalog catalog, InsurerResilience resilience,
                   InstanceId instance, AggregatorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.stats = stats;
        this.catalog = catalog;
        this.resilience = resilience;
        this.instance = instance;
        this.settings = properties.operator();
        this.clock = clock;
        for (InsurerSettings insurer : catalog.enabledSettings()) {
            resilience.breaker(insurer.id()).getEventPublisher()
                    .onStateTransition(event -> breakerChanged.put(insurer.id(), event.getCreationTime().toInstant()));
        }
    }

    public void write() {
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        List<CallStats.Sample> samples = stats.drain();
        if (!samples.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into insurer_sample (sampled_at, insurer_id, instance_id, calls, successes, latency_buckets,
                                                last_error, last_error_at)
                    values (:at, :insurer, :instance, :calls, :successes, cast(:buckets as bigint[]), :lastError, :lastErrorAt)
                    on conflict (sampled_at, insurer_id, instance_id) do nothing""",
                    samples.stream().map(sample -> new MapSqlParameterSource()
                            .addValue("at", at).addValue("insurer", sample.insurerId()).addValue("instance", instance.id())
                            .addValue("calls", (int) sample.calls()).addValue("successes", (int) sample.successes())
                            .addValue("buckets", Arrays.stream(sample.latencyBuckets()).mapToObj(Long::toString)
                                    .collect(Collectors.joining(",", "{", "}")))
                            .addValue("lastError", sample.lastError())
                            .addValue("lastErrorAt", sample.lastErrorAt() == null ? null : Timestamp.from(sample.lastErrorAt())))
                            .toArray(MapSqlParameterSource[]::new));
        }
        jdbc.batchUpdate("""
                insert into insurer_breaker (insurer_id, instance_id, state, changed_at, seen_at)
                values (:insurer, :instance, :state, :changedAt, :at)
                on conflict (insurer_id, instance_id)
                do update set state = excluded.state, changed_at = excluded.changed_at, seen_at = excluded.seen_at""",
                catalog.enabledSettings().stream().map(insurer -> {
                    CircuitBreaker breaker = resilience.breaker(insurer.id());
                    Instant changed = breakerChanged.get(insurer.id());
                    return new MapSqlParameterSource().addValue("insurer", insurer.id()).addValue("instance", instance.id())
                            .addValue("state", breaker.getState().name())
                            .addValue("changedAt", changed == null ? null : Timestamp.from(changed)).addValue("at", at);
                }).toArray(MapSqlParameterSource[]::new));
        Timestamp expired = Timestamp.from(now.minus(settings.keep()));
        jdbc.update("delete from insurer_sample where sampled_at < :expired", Map.of("expired", expired));
        jdbc.update("delete from insurer_breaker where seen_at < :expired", Map.of("expired", expired));
    }
}
