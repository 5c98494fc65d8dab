package ru.osago.core.events;

/**
 * An event as the live topic carries it to every instance: with the moment it arrived on rs.queue (its
 * {@code JMSTimestamp}, epoch ms), from which each instance measures its push latency.
 */
public record LiveEvent(StoredEvent stored, long arrivedAtMs) {
}
