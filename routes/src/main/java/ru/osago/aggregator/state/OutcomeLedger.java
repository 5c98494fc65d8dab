package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.NextStep;
import ru.osago.model.EventType;
import ru.osago.model.InsurerStatus;
import ru.osago.model.Offer;
import ru.osago.model.QuoteEvent;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a batch of insurer call outcomes in one transaction and a fixed number of statements: the rows
 * that stay open, the insurers that ended (each with its event, seq handed out under the request's row
 * lock), answers that came after completion (kept, marked late), the audit rows, and the requests that
 * thereby have every insurer final, completed at once. The events go to the outbox in the same commit.
 */
@Component
public class OutcomeLedger {

    private static final String PROGRESS = SqlFile.read("record-progress");
    private static final String LOCK_OPEN = SqlFile.read("lock-open-requests");
    private static final String FINALS = SqlFile.read("record-finals");
    private static final String LATE = SqlFile.read("record-late-answers");
    private static final String ADVANCE_SEQ = SqlFile.read("advance-event-seq");
    private static final String FULLY_ANSWERED = SqlFile.read("fully-answered");
    private static final String LOCK_ROWS = SqlFile.read("lock-insurer-rows");

    private record Decided(CallOutcome outcome, NextStep step) {
        String requestId() {
            return outcome.call().requestId();
        }

        String insurerId() {
            return outcome.call().insurerId();
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final InsurerCatalog insurers;
    private final InsurerAuditLog audit;
    private final RequestCompletion completion;
    private final EventOutbox outbox;
    private final Clock clock;
    private final String lateWindow;
    private final Duration lateInterval;
    private final Duration deferral;

    OutcomeLedger(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, InsurerCatalog insurers, InsurerAuditLog audit,
                  RequestCompletion completion, EventOutbox outbox, Clock clock, AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.insurers = insurers;
        this.audit = audit;
        this.completion = completion;
        this.outbox = outbox;
        this.clock = clock;
        this.lateWindow = SqlFile.interval(properties.polling().lateWindow());
        this.lateInterval = properties.polling().lateInterval();
        this.deferral = Duration.ofMillis(properties.polling().periodMs() * 2);
    }

    /** Returns the events decided, stored in the outbox; the caller sends them after this commit. */
    public List<OutboundEvent> record(List<CallOutcome> outcomes) {
        Instant now = clock.instant();
        List<Decided> batch = outcomes.stream()
                .sorted(Comparator.comparing((CallOutcome o) -> o.call().requestId()).thenComparing(o -> o.call().insurerId()))
                .map(o -> new Decided(o, NextStep.after(o, insurers.settings(o.call().insurerId()), now, lateInterval, deferral)))
                .toList();
        return Deadlocks.retry(() -> tx.execute(status -> recordInTransaction(batch, now)));
    }

    private List<OutboundEvent> recordInTransaction(List<Decided> batch, Instant now) {
        List<Decided> finals = batch.stream().filter(d -> d.step().isFinal()).toList();
        // request locks first, then insurer rows: the order every writer of both keeps
        Map<String, Long> openSeq = lockOpen(finals.stream().map(Decided::requestId).distinct().toList());
        recordProgress(batch.stream().filter(d -> !d.step().isFinal()).toList(), now);
        Set<String> ended = recordFinals(finals.stream().filter(d -> openSeq.containsKey(d.requestId())).toList(), now);
        recordLate(finals.stream().filter(d -> !openSeq.containsKey(d.requestId())).toList(), now);

        List<QuoteEvent> events = new ArrayList<>();
        TextColumns seqs = new TextColumns();
        Map<String, Long> afterEvents = new LinkedHashMap<>();
        for (Decided d : finals) {
            if (ended.remove(d.requestId() + "/" + d.insurerId())) {
                long seq = afterEvents.getOrDefault(d.requestId(), openSeq.get(d.requestId())) + 1;
                afterEvents.put(d.requestId(), seq);
                events.add(event(d, seq, now));
            }
        }
        if (!afterEvents.isEmpty()) {
            afterEvents.forEach((requestId, seq) -> seqs.add("requestIds", requestId).add("seqs", seq));
            jdbc.update(ADVANCE_SEQ, seqs.params());
            List<String> complete = jdbc.queryForList(FULLY_ANSWERED,
                    new MapSqlParameterSource("requestIds", TextColumns.of(List.copyOf(afterEvents.keySet()))), String.class);
            events.addAll(completion.completeLocked(complete.stream().sorted()
                    .map(id -> new RequestCompletion.OpenRequest(id, afterEvents.get(id))).toList(), now));
        }
        audit.add(batch.stream().map(Decided::outcome).toList(), now);
        return outbox.add(events, now);
    }

    private Map<String, Long> lockOpen(List<String> requestIds) {
        Map<String, Long> open = new LinkedHashMap<>();
        if (!requestIds.isEmpty()) {
            jdbc.query(LOCK_OPEN, new MapSqlParameterSource("requestIds", TextColumns.of(requestIds)),
                    rs -> {
                        open.put(rs.getString("request_id"), rs.getLong("event_seq"));
                    });
        }
        return open;
    }

    private void recordProgress(List<Decided> open, Instant now) {
        if (open.isEmpty()) {
            return;
        }
        TextColumns keys = new TextColumns();
        open.forEach(d -> keys.add("requestIds", d.requestId()).add("insurerIds", d.insurerId()));
        jdbc.query(LOCK_ROWS, keys.params(), rs -> {
        });
        TextColumns rows = new TextColumns();
        open.forEach(d -> rows.add("requestIds", d.requestId()).add("insurerIds", d.insurerId())
                .add("kinds", d.step().kind()).add("externalIds", d.outcome().reply().externalId())
                .add("reasons", d.step().reason()).add("nextPolls", d.step().nextPoll()));
        jdbc.update(PROGRESS, rows.into(new MapSqlParameterSource("now", Timestamp.from(now)).addValue("lateWindow", lateWindow)));
    }

    /** Returns "requestId/insurerId" of the insurers this batch ended. */
    private Set<String> recordFinals(List<Decided> finals, Instant now) {
        Set<String> ended = new HashSet<>();
        if (!finals.isEmpty()) {
            TextColumns rows = offerColumns(finals);
            finals.forEach(d -> rows.add("statuses", d.step().status()));
            jdbc.query(FINALS, rows.into(new MapSqlParameterSource("now", Timestamp.from(now))),
                    rs -> {
                        ended.add(rs.getString("request_id") + "/" + rs.getString("insurer_id"));
                    });
        }
        return ended;
    }

    private void recordLate(List<Decided> late, Instant now) {
        if (!late.isEmpty()) {
            jdbc.update(LATE, offerColumns(late).into(new MapSqlParameterSource("now", Timestamp.from(now))));
        }
    }

    private static TextColumns offerColumns(List<Decided> decided) {
        TextColumns rows = new TextColumns();
        for (Decided d : decided) {
            Offer offer = d.outcome().reply().offer();
            rows.add("requestIds", d.requestId()).add("insurerIds", d.insurerId()).add("reasons", d.step().reason())
                    .add("offerIds", offer == null ? null : offer.offerId())
                    .add("premiums", offer == null ? null : offer.premium())
                    .add("currencies", offer == null ? null : offer.currency())
                    .add("validUntils", offer == null ? null : offer.validUntil());
        }
        return rows;
    }

    private QuoteEvent event(Decided d, long seq, Instant now) {
        InsurerStatus status = d.step().status();
        if (status == InsurerStatus.COMPLETED) {
            return QuoteEvent.offer(d.requestId(), seq, now, insurers.ref(d.insurerId()), d.outcome().reply().offer());
        }
        EventType type = status == InsurerStatus.DECLINED ? EventType.INSURER_DECLINED : EventType.INSURER_FAILED;
        return QuoteEvent.insurerEnded(d.requestId(), seq, now, type, insurers.ref(d.insurerId()), d.step().reason());
    }
}
