package ru.osago.core.events;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import ru.osago.model.EventType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** core-app's copy of every event the aggregator published ({@code quote_event}), keyed by eventId. */
@Repository
public class QuoteEventStore {

    /** A whole batch in one statement; an eventId already stored is left as it is. */
    private static final String INSERT_BATCH = """
            INSERT INTO quote_event (event_id, request_id, seq, type, payload)
            SELECT * FROM unnest(CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS bigint[]),
                                 CAST(? AS varchar[]), CAST(? AS jsonb[]))
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String BY_REQUEST = """
            SELECT payload::text FROM quote_event
            WHERE request_id = :requestId
            ORDER BY seq, received_at""";

    /** Every event of those requests, among the given ones, whose final event is stored. */
    private static final String FINISHED_AMONG = """
            SELECT request_id, payload::text FROM quote_event
            WHERE request_id IN (SELECT request_id FROM quote_event
                                 WHERE request_id = ANY(:requestIds) AND type = ANY(:finalTypes))
            ORDER BY request_id, seq, received_at""";

    private static final String[] FINAL_TYPES = Arrays.stream(EventType.values())
            .filter(EventType::isTerminal).map(EventType::name).toArray(String[]::new);

    private final NamedParameterJdbcTemplate jdbc;

    QuoteEventStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a batch with one statement, each eventId once (a redelivery, or twice in the batch), and returns its
     * events once each in the batch's order, those stored before included.
     */
    public List<LiveEvent> storeOnce(List<LiveEvent> batch) {
        Map<String, LiveEvent> byId = new LinkedHashMap<>();
        for (LiveEvent live : batch) {
            check(live.stored());
            byId.putIfAbsent(live.stored().eventId(), live);
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        List<StoredEvent> stored = byId.values().stream().map(LiveEvent::stored).toList();
        jdbc.getJdbcTemplate().execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_BATCH)) {
                insert.setArray(1, connection.createArrayOf("varchar", stored.stream().map(StoredEvent::eventId).toArray()));
                insert.setArray(2, connection.createArrayOf("varchar", stored.stream().map(StoredEvent::requestId).toArray()));
                insert.setArray(3, connection.createArrayOf("bigint", stored.stream().map(StoredEvent::seq).toArray()));
                insert.setArray(4, connection.createArrayOf("varchar", stored.stream().map(e -> e.type().name()).toArray()));
                insert.setArray(5, connection.createArrayOf("text", stored.stream().map(StoredEvent::json).toArray()));
                return insert.executeUpdate();
            }
        });
        return List.copyOf(byId.values());
    }

    /** One request's events, ordered by seq, each with its stored text. */
    public List<StoredEvent> findByRequest(String requestId) {
        return jdbc.queryForList(BY_REQUEST, new MapSqlParameterSource("requestId", requestId), String.class)
                .stream()
                .map(StoredEvent::read)
                .toList();
    }

    /**
     * The stored events, by request, of those of the given requests whose final event (COMPLETED, REJECTED) is
     * stored; the others are left out. One statement, however many requests.
     */
    public Map<String, List<StoredEvent>> findFinishedAmong(Collection<String> requestIds) {
        Map<String, List<StoredEvent>> byRequest = new HashMap<>();
        if (requestIds.isEmpty()) {
            return byRequest;
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("requestIds", requestIds.toArray(String[]::new))
                .addValue("finalTypes", FINAL_TYPES);
        jdbc.query(FINISHED_AMONG, params, (ResultSet row) -> {
            byRequest.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(StoredEvent.read(row.getString(2)));
        });
        return byRequest;
    }

    private static void check(StoredEvent event) {
        if (event.eventId() == null || event.eventId().isBlank()
                || event.requestId() == null || event.requestId().isBlank() || event.type() == null) {
            throw new IllegalArgumentException("event without eventId, requestId or type");
        }
    }
}
