package ru.osago.aggregator.operator;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /osago/insurers/audit}: the operators' control actions, newest first. */
@Component
class OperatorAudit {

    static final int LIMIT = 200;

    record Entry(long id, Instant at, String operator, String insurer, String action, String reason) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    OperatorAudit(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Entry> latest() {
        return jdbc.query("select id, at, operator, insurer_id, action, reason from operator_action order by id desc limit :limit",
                Map.of("limit", LIMIT), (rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("operator"), rs.getString("insurer_id"), rs.getString("action"), rs.getString("reason")));
    }
}
