package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.config.InstanceId;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.model.EventType;
import ru.osago.model.InsurerRef;
import ru.osago.model.InsurerStatus;
import ru.osago.model.Offer;
import ru.osago.model.QuoteEvent;
import ru.osago.model.QuoteRequest;
import ru.osago.model.Summary;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state table and the events it implies. Every transition that produces an event first bumps
 * {@code quote_request.event_seq} on an OPEN request: that locks the request row, so the event's
 * sequence number, the state change and the send to the broker happen in one order per request,
 * and nothing is published once the request is COMPLETED.
 */
@Component
public class QuoteLedger {

    private static final String OPEN_STATUSES = "('CREATED', 'IN_PROGRESS')";
    /** Rows still worth calling: open ones, and timed-out ones polled for a late offer. */
    private static final String CALLED = "(status in " + OPEN_STATUSES + " or late_poll_until is not null)";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventPublisher events;
    private final InsurerCatalog insurers;
    private final Clock clock;
    /** osago.polling.late-window as a PostgreSQL interval literal */
    private final String lateWindow;
    /** osago.polling.late-interval: the first late poll comes no sooner */
    private final Duration lateInterval;
    private final InstanceId instance;

    QuoteLedger(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, EventPublisher events,
                InsurerCatalog insurers, Clock clock, AggregatorProperties properties, InstanceId instance) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.insurers = insurers;
        this.clock = clock;
        this.lateWindow = properties.polling().lateWindow().toMillis() + " milliseconds";
        this.lateInterval = properties.polling().lateInterval();
        this.instance = instance;
    }

    /** What intake learnt: whether this request is new, and the insurers asked for it. */
    public record Registration(String requestId, boolean isNew, List<InsurerRef> insurers, Instant deadline,
                               String applicationJson) {
    }

    /**
     * Stores the request and one CREATED row per enabled insurer (leased for {@code createLease} to the
     * fan-out that follows, which counts as the first attempt), and publishes ACCEPTED, in one
     * transaction. A request id seen before creates nothing; ACCEPTED is published again only when
     * the broker says the message is a redelivery (the first attempt's send was rolled back with it).
     */
    public Registration register(QuoteRequest request, String applicationJson, boolean redelivered,
                                 Duration deadlineAfter, Duration createLease) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Instant deadline = now.plus(deadlineAfter);
            List<InsurerRef> asked = insurers.enabled();
            int inserted = jdbc.update("""
                    insert into quote_request (request_id, user_id, application, insurer_count, event_seq, accepted_at, deadline, accepted_by)
                    values (:requestId, :userId, cast(:application as jsonb), :count, 1, :now, :deadline, :instance)
                    on conflict (request_id) do nothing""", new MapSqlParameterSource()
                    .addValue("requestId", request.requestId())
                    .addValue("userId", request.userId())
                    .addValue("application", applicationJson)
                    .addValue("count", asked.size())
                    .addValue("now", ts(now))
                    .addValue("deadline", ts(deadline))
                    .addValue("instance", instance.id()));
            if (inserted == 1) {
                jdbc.batchUpdate("""
                        insert into insurer_quote (request_id, insurer_id, status, attempts, next_poll_at, deadline, updated_at)
                        values (:requestId, :insurerId, 'CREATED', 1, :nextPoll, :deadline, :now)""",
                        asked.stream().map(insurer -> new MapSqlParameterSource()
                                .addValue("requestId", request.requestId())
                                .addValue("insurerId", insurer.id())
                                .addValue("nextPoll", ts(now.plus(createLease)))
                                .addValue("deadline", ts(deadline))
                                .addValue("now", ts(now))).toArray(MapSqlParameterSource[]::new));
                events.publish(QuoteEvent.accepted(request.requestId(), 1, now, asked, deadline));
                return new Registration(request.requestId(), true, asked, deadline, applicationJson);
            }
            Map<String, Object> stored = jdbc.queryForMap("""
                    select deadline, application::text as application, status = 'OPEN' as open
                    from quote_request where request_id = :requestId""", Map.of("requestId", request.requestId()));
            Registration existing = new Registration(request.requestId(), false, insurersOf(request.requestId()),
                    ((Timestamp) stored.get("deadline")).toInstant(), (String) stored.get("application"));
            if (redelivered && Boolean.TRUE.equals(stored.get("open"))) {
                events.publish(QuoteEvent.accepted(request.requestId(), 1, now, existing.insurers(), existing.deadline()));
            }
            return existing;
        });
    }

    /**
     * The insurer holds our application: poll it from {@code nextPoll}. A POST that succeeded only
     * after the request timed out still gets its external id, so the late offer can be fetched.
     */
    public void recordCreated(String requestId, String insurerId, String externalId, Instant nextPoll) {
        jdbc.update("""
                update insurer_quote set external_id = :externalId, failures = 0, next_poll_at = :nextPoll, updated_at = :now,
                       status = case when status = 'CREATED' then 'IN_PROGRESS' else status end,
                       late_poll_until = case when status = 'TIMEOUT' then deadline + cast(:lateWindow as interval) end
                where request_id = :requestId and insurer_id = :insurerId and external_id is null
                  and (status = 'CREATED' or status = 'TIMEOUT' and not late)""",
                row(requestId, insurerId).addValue("externalId", externalId).addValue("nextPoll", ts(nextPoll))
                        .addValue("lateWindow", lateWindow));
    }

    /** The insurer is still working on it. */
    public void recordPending(String requestId, String insurerId, Instant nextPoll) {
        jdbc.update("""
                update insurer_quote set failures = 0, next_poll_at = :nextPoll, updated_at = :now
                where request_id = :requestId and insurer_id = :insurerId and """ + CALLED,
                row(requestId, insurerId).addValue("nextPoll", ts(nextPoll)));
    }

    /** A call failed in a way worth retrying: try again from {@code nextPoll}. */
    public void recordRetry(String requestId, String insurerId, String reason, Instant nextPoll) {
        jdbc.update("""
                update insurer_quote set failures = failures + 1, error = :reason, next_poll_at = :nextPoll, updated_at = :now
                where request_id = :requestId and insurer_id = :insurerId and """ + CALLED,
                row(requestId, insurerId).addValue("reason", reason).addValue("nextPoll", ts(nextPoll)));
    }

    /**
     * Ends one insurer with a final status and publishes its event. Returns false when nothing was
     * published: the insurer was already final (a duplicate answer), or the request is completed, in
     * which case the answer of an insurer that timed out is kept, marked late, and its late polling ends.
     */
    public boolean recordFinal(String requestId, String insurerId, InsurerStatus status, Offer offer, String reason) {
        return Boolean.TRUE.equals(tx.execute(txStatus -> {
            Instant now = clock.instant();
            Optional<Long> seq = nextSeq(requestId);
            MapSqlParameterSource params = row(requestId, insurerId)
                    .addValue("status", status.name())
                    .addValue("reason", reason)
                    .addValue("offerId", offer == null ? null : offer.offerId())
                    .addValue("premium", offer == null ? null : offer.premium())
                    .addValue("currency", offer == null ? null : offer.currency())
                    .addValue("validUntil", offer == null || offer.validUntil() == null ? null : ts(offer.validUntil()));
            if (seq.isEmpty()) {
                jdbc.update("""
                        update insurer_quote set late = true, late_poll_until = null, offer_id = :offerId, premium = :premium,
                               currency = :currency, valid_until = :validUntil, error = coalesce(:reason, error), updated_at = :now
                        where request_id = :requestId and insurer_id = :insurerId and status = 'TIMEOUT' and not late""", params);
                return false;
            }
            int updated = jdbc.update("""
                    update insurer_quote set status = :status, offer_id = :offerId, premium = :premium, currency = :currency,
                           valid_until = :validUntil, error = :reason, updated_at = :now
                    where request_id = :requestId and insurer_id = :insurerId and status in """ + OPEN_STATUSES, params);
            if (updated == 0) {
                txStatus.setRollbackOnly();
                return false;
            }
            InsurerRef insurer = insurers.ref(insurerId);
            events.publish(status == InsurerStatus.COMPLETED
                    ? QuoteEvent.offer(requestId, seq.get(), now, insurer, offer)
                    : QuoteEvent.insurerEnded(requestId, seq.get(), now, eventType(status), insurer, reason));
            return true;
        }));
    }

    /** True when no insurer of the request is still open: the aggregator's completion predicate. */
    public boolean allFinal(String requestId) {
        return Boolean.FALSE.equals(jdbc.queryForObject(
                "select exists (select 1 from insurer_quote where request_id = :requestId and status in " + OPEN_STATUSES + ")",
                Map.of("requestId", requestId), Boolean.class));
    }

    /**
     * Publishes the one COMPLETED event of a request, if every insurer is final or the deadline has
     * passed (open insurers then become TIMEOUT, each with its event). The conditional UPDATE lets
     * exactly one caller win, whatever the number of instances; the others get false.
     */
    public boolean complete(String requestId) {
        return Boolean.TRUE.equals(tx.execute(txStatus -> {
            Instant now = clock.instant();
            List<Long> won = jdbc.queryForList("""
                    update quote_request set status = 'COMPLETED', completed_at = :now
                    where request_id = :requestId and status = 'OPEN'
                      and (deadline <= :now or not exists (
                           select 1 from insurer_quote q where q.request_id = :requestId and q.status in """ + OPEN_STATUSES + """
                      ))
                    returning event_seq""", new MapSqlParameterSource("requestId", requestId).addValue("now", ts(now)), Long.class);
            if (won.isEmpty()) {
                return false;
            }
            long seq = won.get(0);
            // an insurer that holds our application is still polled for a while: its late offer is kept
            List<String> timedOut = jdbc.queryForList("""
                    update insurer_quote set status = 'TIMEOUT', error = 'no final answer by the deadline', updated_at = :now,
                           late_poll_until = case when external_id is not null then deadline + cast(:lateWindow as interval) end,
                           next_poll_at = greatest(next_poll_at, :lateFirstPoll)
                    where request_id = :requestId and status in """ + OPEN_STATUSES + " returning insurer_id",
                    new MapSqlParameterSource("requestId", requestId).addValue("now", ts(now))
                            .addValue("lateWindow", lateWindow).addValue("lateFirstPoll", ts(now.plus(lateInterval))),
                    String.class);
            for (String insurerId : timedOut.stream().sorted().toList()) {
                events.publish(QuoteEvent.insurerEnded(requestId, ++seq, now, EventType.INSURER_TIMEOUT,
                        insurers.ref(insurerId), "no final answer by the deadline"));
            }
            events.publish(QuoteEvent.completed(requestId, ++seq, now, summary(requestId)));
            jdbc.update("update quote_request set event_seq = :seq where request_id = :requestId",
                    Map.of("seq", seq, "requestId", requestId));
            return true;
        }));
    }

    /** OPEN requests past their deadline, oldest first: work for the deadline sweeper. */
    public List<String> overdue(int limit) {
        return jdbc.queryForList("""
                select request_id from quote_request where status = 'OPEN' and deadline <= :now
                order by deadline limit :limit""",
                new MapSqlParameterSource("now", ts(clock.instant())).addValue("limit", limit), String.class);
    }

    private Summary summary(String requestId) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("select status, count(*) as n from insurer_quote where request_id = :requestId group by status",
                Map.of("requestId", requestId), rs -> {
                    counts.put(rs.getString("status"), rs.getInt("n"));
                });
        List<Map<String, Object>> best = jdbc.queryForList("""
                select insurer_id, premium from insurer_quote
                where request_id = :requestId and status = 'COMPLETED' order by premium, insurer_id limit 1""",
                Map.of("requestId", requestId));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new Summary(total,
                counts.getOrDefault("COMPLETED", 0),
                counts.getOrDefault("DECLINED", 0),
                counts.getOrDefault("FAILED", 0),
                counts.getOrDefault("TIMEOUT", 0),
                best.isEmpty() ? null : (String) best.get(0).get("insurer_id"),
                best.isEmpty() ? null : (BigDecimal) best.get(0).get("premium"));
    }

    private Optional<Long> nextSeq(String requestId) {
        List<Long> seq = jdbc.queryForList("""
                update quote_request set event_seq = event_seq + 1
                where request_id = :requestId and status = 'OPEN' returning event_seq""",
                Map.of("requestId", requestId), Long.class);
        return seq.stream().findFirst();
    }

    private List<InsurerRef> insurersOf(String requestId) {
        return jdbc.queryForList("select insurer_id from insurer_quote where request_id = :requestId order by insurer_id",
                Map.of("requestId", requestId), String.class).stream().map(insurers::ref).toList();
    }

    private MapSqlParameterSource row(String requestId, String insurerId) {
        return new MapSqlParameterSource()
                .addValue("requestId", requestId)
                .addValue("insurerId", insurerId)
                .addValue("now", ts(clock.instant()));
    }

    private static EventType eventType(InsurerStatus status) {
        return switch (status) {
            case DECLINED -> EventType.INSURER_DECLINED;
            case FAILED -> EventType.INSURER_FAILED;
            case TIMEOUT -> EventType.INSURER_TIMEOUT;
            default -> throw new IllegalArgumentException(status + " has no insurer event of its own");
        };
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
