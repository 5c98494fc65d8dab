package ru.osago.aggregator.insurer;

import java.time.Instant;

/**
 * What went over the wire in one insurer call: the request as sent and, when an answer came, the
 * answer as received, for the audit table. The answer is filled in on the HTTP client's I/O thread;
 * the batch that records the outcome reads it after the call's future completed.
 */
public final class WireLog {

    private final String method;
    private final String path;
    private final String requestBody;
    private final Instant startedAt;
    private volatile Integer responseStatus;
    private volatile String responseBody;

    WireLog(String method, String path, String requestBody, Instant startedAt) {
        this.method = method;
        this.path = path;
        this.requestBody = requestBody;
        this.startedAt = startedAt;
    }

    void received(int status, String body) {
        this.responseBody = body;
        this.responseStatus = status;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String requestBody() {
        return requestBody;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Null when no answer came (timeout, reset, open breaker). */
    public Integer responseStatus() {
        return responseStatus;
    }

    public String responseBody() {
        return responseBody;
    }
}
