package ru.osago.core.request;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The requests core-app accepted ({@code quote_request}): what makes an id "known" to the snapshot. */
@Repository
class SubmittedRequests {

    private final NamedParameterJdbcTemplate jdbc;

    SubmittedRequests(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(String requestId, String userId) {
        jdbc.update("INSERT INTO quote_request (request_id, user_id) VALUES (:requestId, :userId) ON CONFLICT DO NOTHING",
                new MapSqlParameterSource("requestId", requestId).addValue("userId", userId));
    }

    boolean exists(String requestId) {
        Boolean found = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM quote_request WHERE request_id = :requestId)",
                new MapSqlParameterSource("requestId", requestId), Boolean.class);
        return Boolean.TRUE.equals(found);
    }
}
