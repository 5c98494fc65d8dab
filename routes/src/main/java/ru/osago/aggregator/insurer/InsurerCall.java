package ru.osago.aggregator.insurer;

import java.time.Instant;

/**
 * One call to make to one insurer for one request: CREATE posts the application, POLL asks for the
 * offer. Travels as the exchange property {@link #PROPERTY}, never as a header, so nothing internal
 * leaks into the insurer's HTTP request.
 */
public record InsurerCall(String requestId, String insurerId, Operation operation, String externalId,
                          String applicationJson, int attempts, int failures, Instant deadline) {

    public static final String PROPERTY = "osagoInsurerCall";

    public enum Operation { CREATE, POLL }

    /** The key the insurer uses to recognise a repeated POST of the same application. */
    public String idempotencyKey() {
        return requestId + ":" + insurerId;
    }
}
