package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.InstanceId;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.operator.InsurerControl;
import ru.osago.model.InsurerRef;
import ru.osago.model.QuoteEvent;
import ru.osago.model.QuoteRequest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Intake's half of the state table: a new request, and one row per insurer for the poller to call. */
@Component
public class RequestRegistry {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventPublisher events;
    private final InsurerCatalog insurers;
    private final InsurerControl control;
    private final Clock clock;
    private final InstanceId instance;

    RequestRegistry(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, EventPublisher events,
                    InsurerCatalog insurers, InsurerControl control, Clock clock, InstanceId instance) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.insurers = insurers;
        this.control = control;
        this.clock = clock;
        this.instance = instance;
    }

    /** What intake learnt: whether this request is new, and the insurers asked for it. */
    public record Registration(String requestId, boolean isNew, List<InsurerRef> insurers, Instant deadline,
                               String applicationJson) {
    }

    /**
     * Stores the request and one CREATED row per enabled insurer (enabled in its file and not switched off by an operator), due {@code firstCallAfter} from now
     * (the offer poller's next claim POSTs the application), and publishes ACCEPTED, in one transaction.
     * A request id seen before creates nothing, and publishes ACCEPTED again while the request is open: the
     * first attempt's send may have been rolled back after its database commit (a broker restart between the
     * two), and the broker does not keep delivery counts over a restart, so {@code JMSRedelivered} cannot tell.
     * The event id is the same, and core-app stores it once.
     */
    public Registration register(QuoteRequest request, String applicationJson, Duration deadlineAfter,
                                 Duration firstCallAfter) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Instant deadline = now.plus(deadlineAfter);
            List<InsurerRef> asked = control.active(insurers.enabled());
            int inserted = jdbc.update("""
                    insert into quote_request (request_id, user_id, application, insurer_count, event_seq, accepted_at, deadline, accepted_by)
                    values (:requestId, :userId, cast(:application as jsonb), :count, 1, :now, :deadline, :instance)
                    on conflict (request_id) do nothing""", new MapSqlParameterSource()
                    .addValue("requestId", request.requestId())
                    .addValue("userId", request.userId())
                    .addValue("application", applicationJson)
                    .addValue("count", asked.size())
                    .addValue("now", Timestamp.from(now))
                    .addValue("deadline", Timestamp.from(deadline))
                    .addValue("instance", instance.id()));
            if (inserted == 1) {
                jdbc.batchUpdate("""
                        insert into insurer_quote (request_id, insurer_id, status, attempts, next_poll_at, deadline, updated_at)
                        values (:requestId, :insurerId, 'CREATED', 0, :nextPoll, :deadline, :now)""",
                        asked.stream().map(insurer -> new MapSqlParameterSource()
                                .addValue("requestId", request.requestId())
                                .addValue("insurerId", insurer.id())
                                .addValue("nextPoll", Timestamp.from(now.plus(firstCallAfter)))
                                .addValue("deadline", Timestamp.from(deadline))
                                .addValue("now", Timestamp.from(now))).toArray(MapSqlParameterSource[]::new));
                events.publish(QuoteEvent.accepted(request.requestId(), 1, now, asked, deadline));
                return new Registration(request.requestId(), true, asked, deadline, applicationJson);
            }
            Map<String, Object> stored = jdbc.queryForMap("""
                    select deadline, application::text as application, status = 'OPEN' as open
                    from quote_request where request_id = :requestId""", Map.of("requestId", request.requestId()));
            Registration existing = new Registration(request.requestId(), false, insurersOf(request.requestId()),
                    ((Timestamp) stored.get("deadline")).toInstant(), (String) stored.get("application"));
            if (Boolean.TRUE.equals(stored.get("open"))) {
                events.publish(QuoteEvent.accepted(request.requestId(), 1, now, existing.insurers(), existing.deadline()));
            }
            return existing;
        });
    }

    private List<InsurerRef> insurersOf(String requestId) {
        return jdbc.queryForList("select insurer_id from insurer_quote where request_id = :requestId order by insurer_id",
                Map.of("requestId", requestId), String.class).stream().map(insurers::ref).toList();
    }
}
