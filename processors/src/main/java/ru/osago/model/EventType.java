package ru.osago.model;

/** The events osago-aggregator publishes to the reply destination, one per message. */
public enum EventType {
    /** The request is stored; carries the insurers asked and the deadline. */
    ACCEPTED,
    /** One insurer's priced offer, published as soon as it arrives. */
    OFFER,
    /** An insurer refused to quote (a business answer, not an error). */
    INSURER_DECLINED,
    /** An insurer failed: errors, unreadable answers, or its circuit breaker is open ("unavailable"). */
    INSURER_FAILED,
    /** An insurer gave no final answer by the deadline. */
    INSURER_TIMEOUT,
    /** Terminal: exactly one per accepted request, at the deadline at the latest. */
    COMPLETED,
    /** Terminal: the request was invalid and nothing was asked of any insurer. */
    REJECTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == REJECTED;
    }
}
