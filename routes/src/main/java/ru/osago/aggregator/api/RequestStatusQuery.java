package ru.osago.aggregator.api;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.insurer.InsurerCatalog;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads one request's state for the status API. */
@Component
class RequestStatusQuery {

    /** The request as a whole, and each insurer's state. */
    public record RequestStatus(String requestId, String status, Instant acceptedAt, Instant deadline, Instant completedAt,
                         List<InsurerState> insurers) {
    }

    public record InsurerState(String insurer, String insurerName, String status, int attempts, String offerId,
                        BigDecimal premium, String currency, Instant validUntil, String error, boolean late) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final InsurerCatalog catalog;

    RequestStatusQuery(NamedParameterJdbcTemplate jdbc, InsurerCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    public boolean exists(String requestId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from quote_request where request_id = :id)",
                Map.of("id", requestId), Boolean.class));
    }

    public RequestStatus find(String requestId) {
        List<Map<String, Object>> request = jdbc.queryForList(
                "select status, accepted_at, deadline, completed_at from quote_request where request_id = :id",
                Map.of("id", requestId));
        if (request.isEmpty()) {
            return null;
        }
        Map<String, Object> r = request.get(0);
        List<InsurerState> insurers = jdbc.query("""
                select insurer_id, status, attempts, offer_id, premium, currency, valid_until, error, late
                from insurer_quote where request_id = :id order by insurer_id""", Map.of("id", requestId),
                (rs, n) -> new InsurerState(rs.getString("insurer_id"), catalog.ref(rs.getString("insurer_id")).name(),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("offer_id"), rs.getBigDecimal("premium"),
                        rs.getString("currency"), instant(rs.getTimestamp("valid_until")), rs.getString("error"),
                        rs.getBoolean("late")));
        return new RequestStatus(requestId, (String) r.get("status"), instant((Timestamp) r.get("accepted_at")),
                instant((Timestamp) r.get("deadline")), instant((Timestamp) r.get("completed_at")), insurers);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
