package ru.osago.aggregator.polling;

import ru.osago.aggregator.insurer.InsurerCall;

import java.sql.Timestamp;
import java.util.Map;

/** A row claimed by the poller, as the call it asks for. */
public class ClaimedCall {

    public InsurerCall toCall(Map<String, Object> row) {
        String status = (String) row.get("status");
        return new InsurerCall(
                (String) row.get("request_id"),
                (String) row.get("insurer_id"),
                "CREATED".equals(status) ? InsurerCall.Operation.CREATE : InsurerCall.Operation.POLL,
                (String) row.get("external_id"),
                (String) row.get("application"),
                ((Number) row.get("attempts")).intValue(),
                ((Number) row.get("failures")).intValue(),
                ((Timestamp) row.get("deadline")).toInstant(),
                "TIMEOUT".equals(status));
    }
}
