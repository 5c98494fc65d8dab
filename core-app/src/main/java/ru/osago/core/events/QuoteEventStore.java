package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import ru.osago.model.QuoteEvent;

import java.io.UncheckedIOException;
import java.util.List;

/** core-app's copy of every event the aggregator published ({@code quote_event}), keyed by eventId. */
@Repository
public class QuoteEventStore {

    private static final String INSERT = """
            INSERT INTO quote_event (event_id, request_id, seq, type, payload)
            VALUES (:eventId, :requestId, :seq, :type, CAST(:payload AS jsonb))
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String BY_REQUEST = """
            SELECT payload::text FROM quote_event
            WHERE request_id = :requestId
            ORDER BY seq, received_at""";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;

    QuoteEventStore(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Stores the event; {@code false} when an event with its eventId is already stored (a repeat). */
    public boolean insertIfNew(QuoteEvent event) throws JsonProcessingException {
        if (event.eventId() == null || event.eventId().isBlank()
                || event.requestId() == null || event.requestId().isBlank() || event.type() == null) {
            throw new IllegalArgumentException("event without eventId, requestId or type");
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("eventId", event.eventId())
                .addValue("requestId", event.requestId())
                .addValue("seq", event.seq())
                .addValue("type", event.type().name())
                .addValue("payload", mapper.writeValueAsString(event));
        return jdbc.update(INSERT, params) == 1;
    }

    /** One request's events, ordered by seq. */
    public List<QuoteEvent> findByRequest(String requestId) {
        return jdbc.queryForList(BY_REQUEST, new MapSqlParameterSource("requestId", requestId), String.class)
                .stream()
                .map(this::read)
                .toList();
    }

    private QuoteEvent read(String json) {
        try {
            return mapper.readValue(json, QuoteEvent.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
