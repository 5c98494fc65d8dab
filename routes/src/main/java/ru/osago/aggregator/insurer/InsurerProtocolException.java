package ru.osago.aggregator.insurer;

/** The insurer answered something we cannot read: counted as a failure by its circuit breaker. */
public class InsurerProtocolException extends RuntimeException {

    public InsurerProtocolException(String message) {
        super(message);
    }
}
