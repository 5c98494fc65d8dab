package ru.osago.aggregator.state;

import jakarta.jms.JMSException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final String completionAhead;

    RequestRegistry(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, EventPublisher events,
                    InsurerCatalog insurers, InsurerControl control, Clock clock, InstanceId instance,
                    AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.insurers = insurers;
        this.control = control;
        this.clock = clock;
        this.instance = instance;
        this.completionAhead = SqlFile.interval(properties.completion().ahead());
    }

    private static final String REGISTER_NEW = SqlFile.read("register-requests");

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
    public Registration register(Application application, Duration firstCallAfter) {
        QuoteRequest request = application.request();
        return tx.execute(status -> {
            Instant now = clock.instant();
            List<Registration> created = insertNew(List.of(application), now, firstCallAfter);
            if (!created.isEmpty()) {
                return created.get(0);
            }
            Map<String, Object> stored = jdbc.queryForMap("""
                    select deadline, application::text as application, status = 'OPEN' as open
                    from quote_request where request_id = :requestId""", Map.of("requestId", request.requestId()));
            Registration existing = new Registration(request.requestId(), false, insurersOf(request.requestId()),
                    ((Timestamp) stored.get("deadline")).toInstant(), (String) stored.get("application"));
            if (Boolean.TRUE.equals(stored.get("open"))) {
                publish(List.of(QuoteEvent.accepted(request.requestId(), 1, now, existing.insurers(), existing.deadline())));
            }
            return existing;
        });
    }

    /** {@link #register(Application, Duration)} for a request whose wait ends {@code deadlineAfter} from now. */
    public Registration register(QuoteRequest request, String applicationJson, Duration deadlineAfter,
                                 Duration firstCallAfter) {
        return register(new Application(request, applicationJson, clock.instant().plus(deadlineAfter)), firstCallAfter);
    }

    /** A valid request for {@link #registerNew}, with the instant its driver's wait ends. */
    public record Application(QuoteRequest request, String json, Instant deadline) {
    }

    /**
     * Stores the requests of a batch that are new, with their insurer rows, in one statement, and publishes
     * their ACCEPTED events in one JMS transaction before the database commits (as {@link #register} does
     * for one: a commit that fails after the send leaves ACCEPTED sent for a request the broker will deliver
     * again, and the second ACCEPTED has the same event id). Requests seen before are not in the result: the
     * caller registers those one by one, to learn what was stored and to publish ACCEPTED again.
     */
    public List<Registration> registerNew(List<Application> batch) {
        return tx.execute(status -> insertNew(batch, clock.instant(), Duration.ZERO));
    }

    private List<Registration> insertNew(List<Application> batch, Instant now, Duration firstCallAfter) {
        List<InsurerRef> asked = control.active(insurers.enabled());
        TextColumns rows = new TextColumns();
        batch.forEach(a -> rows.add("requestIds", a.request().requestId()).add("userIds", a.request().userId())
                .add("applications", a.json()).add("deadlines", a.deadline()));
        MapSqlParameterSource params = rows.into(new MapSqlParameterSource()
                .addValue("count", asked.size())
                .addValue("now", Timestamp.from(now))
                .addValue("nextPoll", Timestamp.from(now.plus(firstCallAfter)))
                .addValue("instance", instance.id())
                .addValue("ahead", completionAhead)
                .addValue("insurerIds", TextColumns.of(asked.stream().map(InsurerRef::id).toList())));
        Set<String> stored = new HashSet<>(jdbc.queryForList(REGISTER_NEW, params, String.class));
        Set<String> first = new HashSet<>();
        List<Registration> registered = batch.stream()
                .filter(a -> stored.contains(a.request().requestId()) && first.add(a.request().requestId()))
                .map(a -> new Registration(a.request().requestId(), true, asked, a.deadline(), a.json()))
                .toList();
        publish(registered.stream().map(r -> QuoteEvent.accepted(r.requestId(), 1, now, asked, r.deadline())).toList());
        return registered;
    }

    /** ACCEPTED events in one JMS transaction, inside the caller's database transaction (before its commit). */
    private void publish(List<QuoteEvent> accepted) {
        try {
            events.send(accepted.stream().map(OutboundEvent::of).toList());
        } catch (JMSException e) {
            throw new IllegalStateException("the broker refused " + accepted.size() + " ACCEPTED events", e);
        }
    }

    private List<InsurerRef> insurersOf(String requestId) {
        return jdbc.queryForList("select insurer_id from insurer_quote where request_id = :requestId order by insurer_id",
                Map.of("requestId", requestId), String.class).stream().map(insurers::ref).toList();
    }
}
