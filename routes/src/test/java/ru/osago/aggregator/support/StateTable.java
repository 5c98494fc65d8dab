package ru.osago.aggregator.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Puts the state table where a test starts from, as the routes would have left it. */
public final class StateTable {

    private StateTable() {
    }

    /** A new valid request, as intake stores it (ACCEPTED published), its insurers due {@code firstCallAfter} from now. */
    public static RequestRegistry.Registration register(RequestRegistry registry, String userId, Duration deadlineAfter,
                                                        Duration firstCallAfter) {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest request = SampleRequests.valid(requestId, userId, LocalDate.now());
        try {
            return registry.register(request, OsagoJson.mapper().writeValueAsString(request), deadlineAfter, firstCallAfter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The insurer took our application under {@code externalId}: it is polled from {@code nextPoll}. */
    public static void insurerHolds(JdbcTemplate jdbc, String requestId, String insurerId, String externalId, Instant nextPoll) {
        jdbc.update("""
                update insurer_quote set external_id = ?, failures = 0, next_poll_at = ?,
                       status = case when status = 'CREATED' then 'IN_PROGRESS' else status end
                where request_id = ? and insurer_id = ?""", externalId, Timestamp.from(nextPoll), requestId, insurerId);
    }
}
