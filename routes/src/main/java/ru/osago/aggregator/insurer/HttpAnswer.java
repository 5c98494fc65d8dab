package ru.osago.aggregator.insurer;

/** An insurer's HTTP answer: status, body, and its Retry-After header (null when absent). */
public record HttpAnswer(int status, String body, String retryAfter) {
}
