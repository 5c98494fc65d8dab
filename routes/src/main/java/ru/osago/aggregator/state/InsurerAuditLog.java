package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.config.InstanceId;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.insurer.WireLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit trail: every call to an insurer, what was sent and what came back, kept with the request in
 * {@code insurer_exchange} and deleted with it after the retention. A batch's rows are written with its
 * outcomes, in the same statement count and the same commit, so an outcome is never stored without its audit.
 */
@Component
public class InsurerAuditLog {

    private static final String ADD = SqlFile.read("add-audit-rows");

    /** One call as the status API shows it to operators. */
    public record Entry(String insurer, String operation, int attempt, String method, String path, String requestBody,
                        Integer responseStatus, String responseBody, String outcome, String reason, Instant startedAt,
                        int durationMs, String instance) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AggregatorProperties.Audit settings;
    private final InstanceId instance;

    InsurerAuditLog(NamedParameterJdbcTemplate jdbc, AggregatorProperties properties, InstanceId instance) {
        this.jdbc = jdbc;
        this.settings = properties.audit();
        this.instance = instance;
    }

    /** In the caller's transaction. A call put off for the insurer's rate limit was never made, and leaves no row. */
    void add(List<CallOutcome> outcomes, Instant now) {
        if (!settings.enabled()) {
            return;
        }
        TextColumns rows = new TextColumns();
        int count = 0;
        for (CallOutcome outcome : outcomes) {
            WireLog wire = outcome.wire();
            if (wire == null || outcome.reply().kind() == InsurerReply.Kind.DEFERRED) {
                continue;
            }
            count++;
            rows.add("requestIds", outcome.call().requestId()).add("insurerIds", outcome.call().insurerId())
                    .add("operations", outcome.call().operation()).add("attempts", outcome.call().attempts())
                    .add("methods", wire.method()).add("paths", wire.path()).add("requestBodies", cut(wire.requestBody()))
                    .add("statuses", wire.responseStatus()).add("responseBodies", cut(wire.responseBody()))
                    .add("outcomes", outcome.reply().kind()).add("reasons", outcome.reply().reason())
                    .add("startedAts", wire.startedAt())
                    .add("durations", Math.min(Integer.MAX_VALUE, Duration.between(wire.startedAt(), outcome.finishedAt()).toMillis()));
        }
        if (count > 0) {
            jdbc.update(ADD, rows.into(new MapSqlParameterSource("instance", instance.id())));
        }
    }

    public List<Entry> entries(String requestId) {
        return jdbc.query("""
                select insurer_id, operation, attempt, http_method, http_path, request_body, response_status,
                       response_body, outcome, reason, started_at, duration_ms, instance_id
                from insurer_exchange where request_id = :requestId order by id""", Map.of("requestId", requestId),
                (rs, n) -> new Entry(rs.getString("insurer_id"), rs.getString("operation"), rs.getInt("attempt"),
                        rs.getString("http_method"), rs.getString("http_path"), rs.getString("request_body"),
                        (Integer) rs.getObject("response_status"), rs.getString("response_body"), rs.getString("outcome"),
                        rs.getString("reason"), rs.getTimestamp("started_at").toInstant(), rs.getInt("duration_ms"),
                        rs.getString("instance_id")));
    }

    private String cut(String body) {
        return body == null || body.length() <= settings.maxBodyChars() ? body : body.substring(0, settings.maxBodyChars());
    }
}
