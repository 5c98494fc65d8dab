package ru.osago.aggregator.insurer;

import java.time.Instant;

/**
 * One call to make to one insurer for one request: CREATE posts the application, POLL asks for the
 * offer. Claimed by the offer poller and carried in a batch to the insurer's route. {@code late}: the request is completed and this insurer
 * timed out; its offer is only kept for audit, and {@code deadline} is the end of its late polling.
 */
public record InsurerCall(String requestId, String insurerId, Operation operation, String externalId,
                          String applicationJson, int attempts, int failures, Instant deadline, boolean late) {

    /** A call for a request still open. */
    public InsurerCall(String requestId, String insurerId, Operation operation, String externalId,
                       String applicationJson, int attempts, int failures, Instant deadline) {
        this(requestId, insurerId, operation, externalId, applicationJson, attempts, failures, deadline, false);
    }

    public enum Operation { CREATE, POLL }

    /** The key the insurer uses to recognise a repeated POST of the same application. */
    public String idempotencyKey() {
        return requestId + ":" + insurerId;
    }
}
