package ru.osago.aggregator.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;

/** Puts the state table where a test starts from, as the routes would have left it. */
public final class StateTable {

    private StateTable() {
    }

    /** The insurer took our application under {@code externalId}: it is polled from {@code nextPoll}. */
    public static void insurerHolds(JdbcTemplate jdbc, String requestId, String insurerId, String externalId, Instant nextPoll) {
        jdbc.update("""
                update insurer_quote set external_id = ?, failures = 0, next_poll_at = ?,
                       status = case when status = 'CREATED' then 'IN_PROGRESS' else status end
                where request_id = ? and insurer_id = ?""", externalId, Timestamp.from(nextPoll), requestId, insurerId);
    }
}
