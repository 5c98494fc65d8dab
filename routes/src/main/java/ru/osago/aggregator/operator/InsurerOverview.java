package ru.osago.aggregator.operator;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.InsurerSettings;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /osago/insurers}: per insurer, whether it gets traffic, its breaker on every live instance, and its
 * calls over the window (calls/s, success rate, p50/p99) merged across instances from their samples, with its
 * last error. Reads the small sample tables only, never the audit table.
 */
@Component
class InsurerOverview {

    record Overview(Instant at, long windowSeconds, int instances, List<InsurerView> insurers) {
    }

    record InsurerView(String id, String name, boolean enabled, String changedBy, Instant changedAt, Breaker breaker,
                       long calls, double callsPerSecond, Double successRate, Long p50Ms, Long p99Ms,
                       String lastError, Instant lastErrorAt) {
    }

    /** {@code state}: the worst of the instances' (forced open, open, half open, closed), with each instance's. */
    record Breaker(String state, boolean forcedOpen, Map<String, Integer> states, List<InstanceBreaker> instances) {
    }

    record InstanceBreaker(String instance, String state, Instant changedAt) {
    }

    private static final List<String> WORST_FIRST = List.of("FORCED_OPEN", "OPEN", "HALF_OPEN", "CLOSED");

    private final NamedParameterJdbcTemplate jdbc;
    private final LiveInstances liveInstances;
    private final InsurerCatalog catalog;
    private final AggregatorProperties.Operator settings;
    private final Clock clock;

    InsurerOverview(NamedParameterJdbcTemplate jdbc, InsurerCatalog catalog, LiveInstances liveInstances,
                    AggregatorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.liveInstances = liveInstances;
        this.catalog = catalog;
        this.settings = properties.operator();
        this.clock = clock;
    }

    public Overview now() {
        Instant now = clock.instant();
        Map<String, Object> params = Map.of(
                "since", Timestamp.from(now.minus(settings.window())),
                "alive", Timestamp.from(now.minus(settings.instanceGoneAfter())));
        Map<String, long[]> totals = new HashMap<>();
        Instant[] oldest = {now};
        jdbc.query("select insurer_id, calls, successes, latency_buckets, sampled_at from insurer_sample where sampled_at > :since",
                params, rs -> {
                    long[] total = totals.computeIfAbsent(rs.getString("insurer_id"), id -> new long[2 + LatencyBuckets.SIZE]);
                    total[0] += rs.getLong("calls");
                    total[1] += rs.getLong("successes");
                    Array array = rs.getArray("latency_buckets");
                    Long[] buckets = (Long[]) array.getArray();
                    for (int i = 0; i < buckets.length && i < LatencyBuckets.SIZE; i++) {
                        total[2 + i] += buckets[i];
                    }
                    Instant sampled = rs.getTimestamp("sampled_at").toInstant();
                    if (sampled.isBefore(oldest[0])) {
                        oldest[0] = sampled;
                    }
                });
        Map<String, Map<String, Object>> lastErrors = new HashMap<>();
        jdbc.queryForList("""
                select distinct on (insurer_id) insurer_id, last_error, last_error_at from insurer_sample
                 where last_error_at is not null order by insurer_id, last_error_at desc""", Map.of())
                .forEach(row -> lastErrors.put((String) row.get("insurer_id"), row));
        Map<String, List<InstanceBreaker>> breakers = new HashMap<>();
        jdbc.query("select insurer_id, instance_id, state, changed_at from insurer_breaker where seen_at > :alive order by instance_id",
                params, rs -> {
                    breakers.computeIfAbsent(rs.getString("insurer_id"), id -> new ArrayList<>()).add(new InstanceBreaker(
                            rs.getString("instance_id"), rs.getString("state"), instant(rs.getTimestamp("changed_at"))));
                });
        Map<String, Map<String, Object>> switches = new HashMap<>();
        jdbc.queryForList("select insurer_id, enabled, breaker_forced_open, updated_by, updated_at from insurer_control", Map.of())
                .forEach(row -> switches.put((String) row.get("insurer_id"), row));
        int instances = liveInstances.count();
        // calls per second over the time the samples cover: the whole window, or less just after a start
        double seconds = Math.max(1, Math.min(settings.window().toSeconds(),
                Duration.between(oldest[0], now).toSeconds() + settings.samplePeriodMs() / 1000.0));

        List<InsurerView> views = new ArrayList<>();
        for (InsurerSettings insurer : catalog.allSettings()) {
            long[] total = totals.getOrDefault(insurer.id(), new long[2 + LatencyBuckets.SIZE]);
            long[] buckets = Arrays.copyOfRange(total, 2, total.length);
            Map<String, Object> control = switches.getOrDefault(insurer.id(), Map.of());
            Map<String, Object> error = lastErrors.getOrDefault(insurer.id(), Map.of());
            boolean switchedOff = Boolean.FALSE.equals(control.get("enabled"));
            views.add(new InsurerView(insurer.id(), insurer.name(), insurer.enabled() && !switchedOff,
                    !insurer.enabled() ? "the insurer's file" : (String) control.get("updated_by"), instant((Timestamp) control.get("updated_at")),
                    breaker(breakers.getOrDefault(insurer.id(), List.of()), Boolean.TRUE.equals(control.get("breaker_forced_open"))),
                    total[0], Math.round(total[0] / seconds * 100) / 100.0,
                    total[0] == 0 ? null : Math.round(1000.0 * total[1] / total[0]) / 1000.0,
                    LatencyBuckets.quantile(buckets, 0.5), LatencyBuckets.quantile(buckets, 0.99),
                    (String) error.get("last_error"), instant((Timestamp) error.get("last_error_at"))));
        }
        return new Overview(now, settings.window().toSeconds(), instances, views);
    }

    private static Breaker breaker(List<InstanceBreaker> instances, boolean forcedOpen) {
        Map<String, Integer> states = new TreeMap<>();
        instances.forEach(instance -> states.merge(instance.state(), 1, Integer::sum));
        String worst = WORST_FIRST.stream().filter(states::containsKey).findFirst()
                .orElse(states.isEmpty() ? "UNKNOWN" : states.keySet().iterator().next());
        return new Breaker(worst, forcedOpen, states, instances);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
