package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.metrics.RequestMetrics;
import ru.osago.model.EventType;
import ru.osago.model.QuoteEvent;
import ru.osago.model.Summary;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one COMPLETED of each request, set-based: a batch of locked OPEN requests is completed with a fixed
 * number of statements, whatever its size. Every insurer still open becomes TIMEOUT with its event, then
 * COMPLETED carries the summary. Exactly one caller completes a request: only OPEN rows locked by the
 * caller's transaction are completed, and the lock is taken with SKIP LOCKED by the deadline tick.
 */
@Component
public class RequestCompletion {

    private static final String LOCK_OVERDUE = SqlFile.read("lock-overdue-requests");
    private static final String LOCK_OPEN_INSURERS = SqlFile.read("lock-open-insurers");
    private static final String TIME_OUT = SqlFile.read("time-out-open-insurers");
    private static final String SUMMARIES = SqlFile.read("summaries");
    private static final String COMPLETE = SqlFile.read("complete-requests");
    private static final String TIMEOUT_REASON = "no final answer by the deadline";

    /** A request row locked by the current transaction, with the last seq handed out. */
    public record OpenRequest(String requestId, long eventSeq) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventOutbox outbox;
    private final InsurerCatalog insurers;
    private final RequestMetrics metrics;
    private final Clock clock;
    private final String lateWindow;
    private final Duration lateInterval;
    private final Duration ahead;

    RequestCompletion(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, EventOutbox outbox,
                      InsurerCatalog insurers, RequestMetrics metrics, Clock clock, AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
        this.insurers = insurers;
        this.metrics = metrics;
        this.clock = clock;
        this.lateWindow = SqlFile.interval(properties.polling().lateWindow());
        this.lateInterval = properties.polling().lateInterval();
        this.ahead = properties.completion().ahead();
    }

    /**
     * The completion tick: every OPEN request whose deadline is less than {@code osago.completion.ahead}
     * away (up to {@code limit}), in one transaction.
     */
    public List<OutboundEvent> completeOverdue(int limit) {
        return Deadlocks.retry(() -> tx.execute(status -> {
            Instant now = clock.instant();
            List<OpenRequest> overdue = jdbc.query(LOCK_OVERDUE,
                    new MapSqlParameterSource("dueBy", Timestamp.from(now.plus(ahead))).addValue("limit", limit),
                    (rs, n) -> new OpenRequest(rs.getString("request_id"), rs.getLong("event_seq")));
            return outbox.add(completeLocked(overdue, now), now);
        }));
    }

    /**
     * In the caller's transaction, which holds the rows' locks: times out what is still open and decides
     * the events, in seq order per request. The caller stores them in the outbox.
     */
    public List<QuoteEvent> completeLocked(List<OpenRequest> requests, Instant now) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<String> ids = requests.stream().map(OpenRequest::requestId).toList();
        Map<String, TreeSet<String>> timedOut = new HashMap<>();
        jdbc.query(LOCK_OPEN_INSURERS, new MapSqlParameterSource("requestIds", TextColumns.of(ids)), rs -> {
        });
        jdbc.query(TIME_OUT, new MapSqlParameterSource("requestIds", TextColumns.of(ids))
                        .addValue("now", Timestamp.from(now)).addValue("lateWindow", lateWindow)
                        .addValue("lateFirstPoll", Timestamp.from(now.plus(lateInterval))),
                rs -> {
                    timedOut.computeIfAbsent(rs.getString("request_id"), id -> new TreeSet<>()).add(rs.getString("insurer_id"));
                });
        Map<String, Summary> summaries = summaries(ids, now);
        List<QuoteEvent> events = new ArrayList<>();
        TextColumns completed = new TextColumns();
        for (OpenRequest request : requests) {
            long seq = request.eventSeq();
            for (String insurerId : timedOut.getOrDefault(request.requestId(), new TreeSet<>())) {
                events.add(QuoteEvent.insurerEnded(request.requestId(), ++seq, now, EventType.INSURER_TIMEOUT,
                        insurers.ref(insurerId), TIMEOUT_REASON));
            }
            events.add(QuoteEvent.completed(request.requestId(), ++seq, now, summaries.get(request.requestId())));
            completed.add("requestIds", request.requestId()).add("seqs", seq);
        }
        jdbc.update(COMPLETE, completed.into(new MapSqlParameterSource("now", Timestamp.from(now))));
        return events;
    }

    private Map<String, Summary> summaries(List<String> ids, Instant now) {
        Map<String, Summary> summaries = new TreeMap<>();
        List<RequestMetrics.Completed> completed = new ArrayList<>();
        jdbc.query(SUMMARIES, new MapSqlParameterSource("requestIds", TextColumns.of(ids)), rs -> {
            summaries.put(rs.getString("request_id"), new Summary(rs.getInt("total"), rs.getInt("offers"),
                    rs.getInt("declined"), rs.getInt("failed"), rs.getInt("timed_out"),
                    rs.getString("best_insurer"), rs.getBigDecimal("best_premium")));
            Timestamp firstOffer = rs.getTimestamp("first_offer_at");
            completed.add(new RequestMetrics.Completed(rs.getTimestamp("accepted_at").toInstant(),
                    firstOffer == null ? null : firstOffer.toInstant(), now, rs.getLong("calls")));
        });
        metrics.completed(completed);
        return summaries;
    }
}
