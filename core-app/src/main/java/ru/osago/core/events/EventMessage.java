package ru.osago.core.events;

/**
 * One rs.queue message of a batch, as the consumer took it off the session: its body (text, bytes, or the
 * message type's name for any other kind), how often the broker has delivered it, and when it arrived on
 * rs.queue ({@code JMSTimestamp}, epoch ms).
 */
record EventMessage(String messageId, Object body, int deliveryCount, long arrivedAtMs) {
}
