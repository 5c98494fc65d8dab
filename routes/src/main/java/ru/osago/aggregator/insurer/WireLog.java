package ru.osago.aggregator.insurer;

import java.time.Instant;

/**
 * What went over the wire in one insurer call: the request as sent and, when an answer came, the
 * answer as received. Travels as the exchange property {@link #PROPERTY} to the audit table.
 */
public record WireLog(String method, String path, String requestBody, Instant startedAt,
                      Integer responseStatus, String responseBody) {

    public static final String PROPERTY = "osagoWireLog";

    static WireLog sent(String method, String path, String requestBody, Instant startedAt) {
        return new WireLog(method, path, requestBody, startedAt, null, null);
    }

    WireLog received(int status, String body) {
        return new WireLog(method, path, requestBody, startedAt, status, body);
    }
}
