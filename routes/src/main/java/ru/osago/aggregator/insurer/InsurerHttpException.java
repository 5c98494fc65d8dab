package ru.osago.aggregator.insurer;

import java.time.Duration;

/** A 5xx or 429 from the insurer: retried with backoff, and counted by its circuit breaker. */
public class InsurerHttpException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public InsurerHttpException(int status, Duration retryAfter) {
        super("HTTP " + status + (status == 429 ? " (throttled)" : ""));
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
