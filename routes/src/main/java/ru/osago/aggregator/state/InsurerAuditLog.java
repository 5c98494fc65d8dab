package ru.osago.aggregator.state;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.config.InstanceId;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.insurer.WireLog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The audit trail: every call to an insurer, what was sent and what came back, kept with
 * the request in {@code insurer_exchange} and deleted with it after the retention. Writing it never
 * stops a quote: a failed insert is logged and the call's outcome is recorded all the same.
 * <p>
 * Calls are written in batches (route {@code audit-writer}, every {@code osago.audit.flush-ms}), not
 * one insert and one commit per call: at some 30 calls per request those commits were the
 * aggregator's largest database cost. A row waits at most one period; {@link #entries} writes this
 * instance's waiting rows first. A {@code kill -9} loses at most one period of audit rows, never an
 * outcome. A full buffer is written by the caller itself, so nothing is dropped under load.
 */
@Component
public class InsurerAuditLog {

    private static final Logger log = LoggerFactory.getLogger(InsurerAuditLog.class);
    private static final String INSERT = """
            insert into insurer_exchange (request_id, insurer_id, operation, attempt, http_method, http_path,
                   request_body, response_status, response_body, outcome, reason, started_at, duration_ms, instance_id)
            values (:requestId, :insurerId, :operation, :attempt, :method, :path, :requestBody, :status,
                   :responseBody, :outcome, :reason, :startedAt, :durationMs, :instance)""";

    /** One call as the status API shows it to operators. */
    public record Entry(String insurer, String operation, int attempt, String method, String path, String requestBody,
                        Integer responseStatus, String responseBody, String outcome, String reason, Instant startedAt,
                        int durationMs, String instance) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AggregatorProperties.Audit settings;
    private final InstanceId instance;
    private final BlockingQueue<MapSqlParameterSource> waiting;

    InsurerAuditLog(NamedParameterJdbcTemplate jdbc, AggregatorProperties properties, InstanceId instance) {
        this.jdbc = jdbc;
        this.settings = properties.audit();
        this.instance = instance;
        this.waiting = new ArrayBlockingQueue<>(settings.batchSize() * 4);
    }

    public void record(InsurerCall call, WireLog wire, InsurerReply reply, Instant now) {
        if (!settings.enabled() || wire == null) {
            return;
        }
        MapSqlParameterSource row = new MapSqlParameterSource()
                .addValue("instance", instance.id())
                .addValue("requestId", call.requestId())
                .addValue("insurerId", call.insurerId())
                .addValue("operation", call.operation().name())
                .addValue("attempt", call.attempts())
                .addValue("method", wire.method())
                .addValue("path", wire.path())
                .addValue("requestBody", cut(wire.requestBody()))
                .addValue("status", wire.responseStatus())
                .addValue("responseBody", cut(wire.responseBody()))
                .addValue("outcome", reply.kind().name())
                .addValue("reason", reply.reason())
                .addValue("startedAt", Timestamp.from(wire.startedAt()))
                .addValue("durationMs", (int) Math.min(Integer.MAX_VALUE, Duration.between(wire.startedAt(), now).toMillis()));
        while (!waiting.offer(row)) {
            flush();
        }
    }

    /**
     * Writes the rows waiting in this instance, a batch at a time. One writer at a time: a reader's
     * flush waits for rows another flush has taken but not yet committed.
     */
    public synchronized void flush() {
        List<MapSqlParameterSource> batch = new ArrayList<>(settings.batchSize());
        while (waiting.drainTo(batch, settings.batchSize()) > 0) {
            try {
                jdbc.batchUpdate(INSERT, batch.toArray(MapSqlParameterSource[]::new));
            } catch (DataAccessException e) {
                writeOneByOne(batch);
            }
            batch.clear();
        }
    }

    /** A batch failed (a request deleted by the cleanup meanwhile): keep the rows that can still be kept. */
    private void writeOneByOne(List<MapSqlParameterSource> batch) {
        for (MapSqlParameterSource row : batch) {
            try {
                jdbc.update(INSERT, row);
            } catch (DataAccessException e) {
                // never log bodies (personal data)
                log.warn("audit of {} {} {} not stored: {}", row.getValue("requestId"), row.getValue("insurerId"),
                        row.getValue("operation"), e.getMostSpecificCause().getMessage());
            }
        }
    }

    /** Routes are stopped before beans are destroyed: what is still waiting is written now. */
    @PreDestroy
    void flushOnShutdown() {
        flush();
    }

    public List<Entry> entries(String requestId) {
        flush();
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
