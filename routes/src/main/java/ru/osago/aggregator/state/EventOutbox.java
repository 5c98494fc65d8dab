package ru.osago.aggregator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events between the database commit that decided them and the broker (table {@code event_outbox}). A batch
 * adds its events in its own transaction, as one row holding their JSON array; once the broker has them the
 * row is removed. What a crash leaves behind is sent again by the {@code event-relay} route.
 */
@Component
public class EventOutbox {

    private static final String ADD = SqlFile.read("add-to-outbox");
    private static final String REMOVE = SqlFile.read("remove-from-outbox");
    private static final String CLAIM_STALE = SqlFile.read("claim-stale-outbox");
    private static final ObjectMapper JSON = OsagoJson.mapper();

    private final NamedParameterJdbcTemplate jdbc;

    EventOutbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the events in the caller's transaction and returns them as they will be sent, each naming its row. */
    public List<OutboundEvent> add(List<QuoteEvent> events, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<OutboundEvent> outbound = events.stream().map(OutboundEvent::of).toList();
        Long row = jdbc.queryForObject(ADD, new MapSqlParameterSource("events", EventPacks.jsonArray(outbound))
                .addValue("now", Timestamp.from(now)), Long.class);
        return outbound.stream().map(event -> event.inOutboxRow(row)).toList();
    }

    /** The broker has them: their rows go. */
    public void remove(List<OutboundEvent> sent) {
        List<String> rows = sent.stream().filter(e -> e.outboxRow() != 0)
                .map(e -> Long.toString(e.outboxRow())).distinct().toList();
        if (!rows.isEmpty()) {
            jdbc.update(REMOVE, new MapSqlParameterSource("ids", TextColumns.of(rows)));
        }
    }

    /** The events of rows older than {@code before} (up to {@code limit} rows), locked by the caller's transaction until it removes them. */
    public List<OutboundEvent> claimStale(Instant before, int limit) {
        List<OutboundEvent> stale = new ArrayList<>();
        jdbc.query(CLAIM_STALE, new MapSqlParameterSource("before", Timestamp.from(before)).addValue("limit", limit),
                rs -> {
                    stale.addAll(eventsOf(rs.getLong("id"), rs.getString("events")));
                });
        return stale;
    }

    /** A row's JSON array, back into events; each element is sent as it was stored. */
    private static List<OutboundEvent> eventsOf(long row, String array) {
        try {
            List<OutboundEvent> events = new ArrayList<>();
            for (JsonNode event : JSON.readTree(array)) {
                events.add(new OutboundEvent(event.path("eventId").asText(), event.path("requestId").asText(),
                        event.path("type").asText(), JSON.writeValueAsString(event), row));
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + row + " does not hold a JSON array of events", e);
        }
    }
}
