package ru.osago.aggregator.state;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.model.QuoteEvent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Events between the database commit that decided them and the broker (table {@code event_outbox}).
 * A batch adds its events in its own transaction; once the broker has them they are removed. What a
 * crash leaves behind is sent again by the {@code event-relay} route.
 */
@Component
public class EventOutbox {

    private static final String ADD = SqlFile.read("add-to-outbox");
    private static final String REMOVE = SqlFile.read("remove-from-outbox");
    private static final String CLAIM_STALE = SqlFile.read("claim-stale-outbox");

    private final NamedParameterJdbcTemplate jdbc;

    EventOutbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the events in the caller's transaction and returns them as they will be sent. */
    public List<OutboundEvent> add(List<QuoteEvent> events, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<OutboundEvent> outbound = events.stream()
                .map(OutboundEvent::of).toList();
        TextColumns rows = new TextColumns();
        outbound.forEach(e -> rows.add("eventIds", e.eventId()).add("requestIds", e.requestId())
                .add("payloads", e.json()).add("types", e.type()));
        jdbc.update(ADD, rows.into(new MapSqlParameterSource("now", Timestamp.from(now))));
        return outbound;
    }

    /** The broker has them. */
    public void remove(List<OutboundEvent> sent) {
        if (!sent.isEmpty()) {
            jdbc.update(REMOVE, new MapSqlParameterSource("eventIds",
                    TextColumns.of(sent.stream().map(OutboundEvent::eventId).toList())));
        }
    }

    /** Events older than {@code before}, locked by the caller's transaction until it removes them. */
    public List<OutboundEvent> claimStale(Instant before, int limit) {
        return jdbc.query(CLAIM_STALE, new MapSqlParameterSource("before", Timestamp.from(before)).addValue("limit", limit),
                (rs, n) -> new OutboundEvent(rs.getString("event_id"), rs.getString("request_id"),
                        rs.getString("event_type"), rs.getString("payload")));
    }
}
