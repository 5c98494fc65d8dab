package ru.osago.aggregator.completion;

import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.state.SqlFile;

import java.sql.Timestamp;
import java.util.Map;

/**
 * Deletes the completed requests past the retention with their insurer and audit rows, in one transaction, and
 * says how many of each. The aggregator's connections keep one generic plan per statement (application.yml),
 * and a generic plan of {@code completed_at < :cutoff} guesses a third of the table: it merge-joined the whole
 * audit table, {@code insurer_exchange} (a day of calls), for the few expired requests. This one statement is
 * planned for its cutoff instead ({@code set local}: for this transaction only).
 */
@Component
class ExpiredRequests {

    private static final String DELETE_EXPIRED = SqlFile.read("delete-expired-requests");

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ExpiredRequests(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Map<String, Object> delete(@Header("cutoff") Timestamp cutoff) {
        return tx.execute(status -> {
            jdbc.getJdbcOperations().execute("set local plan_cache_mode = force_custom_plan");
            return jdbc.queryForMap(DELETE_EXPIRED, Map.of("cutoff", cutoff));
        });
    }
}
