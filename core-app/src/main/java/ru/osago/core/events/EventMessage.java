package ru.osago.core.events;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

/**
 * One rs.queue message of a batch, as the consumer took it off the session: its body (text, bytes, or the
 * message type's name for any other kind), how often the broker has delivered it, and when it arrived on
 * rs.queue ({@code JMSTimestamp}, epoch ms).
 */
record EventMessage(String messageId, Object body, int deliveryCount, long arrivedAtMs) {

    static EventMessage of(Message message) throws JMSException {
        Object body = switch (message) {
            case TextMessage text -> text.getText();
            case BytesMessage bytes -> bytes.getBody(byte[].class);
            default -> message.getClass().getSimpleName();
        };
        int deliveries = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        long arrived = message.getJMSTimestamp() > 0 ? message.getJMSTimestamp() : System.currentTimeMillis();
        return new EventMessage(message.getJMSMessageID(), body, deliveries, arrived);
    }
}
