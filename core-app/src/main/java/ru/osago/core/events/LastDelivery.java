package ru.osago.core.events;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * rs.queue's last delivery ({@code osago.core.jms.max-deliveries}, the broker's maxDeliveryAttempts): an event that
 * still fails on it goes to rs.dlq with the failure as {@code osagoDeadLetterReason}, because the broker would
 * dead-letter it on the next rollback with no reason at all.
 * <p>
 * A failed batch cannot say which event failed it. So when one of its events is on its last delivery, each is
 * tried again alone in the same transaction: the ones that pass are stored, the ones failing on their last
 * delivery go to rs.dlq, and the consumer commits; should one fail that is not on its last delivery, the whole
 * batch rolls back as before.
 */
@Component
class LastDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(LastDelivery.class);
    private static final int MAX_REASON_CHARS = 500;

    private final int maxDeliveries;
    private final String deadLetterQueue;

    LastDelivery(@Value("${osago.core.jms.max-deliveries}") int maxDeliveries,
                 @Value("${osago.core.queues.events-dead-letter}") String deadLetterQueue) {
        this.maxDeliveries = maxDeliveries;
        this.deadLetterQueue = deadLetterQueue;
    }

    boolean isLast(EventMessage message) {
        return message.deliveryCount() >= maxDeliveries;
    }

    /**
     * After {@code batch} failed with {@code failure}: true when each of its events, tried alone
     * ({@code alone} gives the failure or null), is stored or, on its last delivery, now on rs.dlq in
     * {@code session} (the caller commits); false when none is on its last delivery or one that is not fails
     * again (the caller rolls back, which takes back any dead letter sent here).
     */
    boolean settle(Session session, List<Message> received, List<EventMessage> batch, Throwable failure,
                   Function<EventMessage, Throwable> alone) throws JMSException {
        if (batch.stream().noneMatch(this::isLast)) {
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            EventMessage message = batch.get(i);
            // a batch of one has failed alone already
            Throwable failed = batch.size() == 1 ? failure : alone.apply(message);
            if (failed != null) {
                if (!isLast(message)) {
                    return false;
                }
                deadLetter(session, received.get(i), message, reason(message, failed));
            }
        }
        return true;
    }

    /** "failed in 5 deliveries: " and the failure (storing it or publishing it), short enough for a header. */
    static String reason(EventMessage message, Throwable failure) {
        Throwable cause = innermost(failure);
        String reason = "failed in " + message.deliveryCount() + " deliveries: "
                + (cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
    }

    /**
     * Puts a copy of {@code original} (its body and its own properties) with the reason on rs.dlq in the
     * consumer's transacted session, so the dead letter and taking the event off rs.queue commit together.
     */
    private void deadLetter(Session session, Message original, EventMessage message, String reason) throws JMSException {
        Message copy;
        if (message.body() instanceof byte[] bytes) {
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(bytes);
            copy = b;
        } else {
            copy = session.createTextMessage(String.valueOf(message.body()));
        }
        for (Object name : Collections.list(original.getPropertyNames())) {
            String property = (String) name;
            // JMSX… and JMS_… are the provider's own (the delivery count among them): not the sender's to copy
            if (!property.startsWith("JMS")) {
                copy.setObjectProperty(property, original.getObjectProperty(property));
            }
        }
        copy.setStringProperty(EventIntakeRoute.DEAD_LETTER_REASON, reason);
        try (MessageProducer producer = session.createProducer(session.createQueue(deadLetterQueue))) {
            producer.send(copy);
        }
        LOG.error("Event {} to the dead-letter queue: {}", message.messageId(), reason);
    }

    /** The route's failure arrives wrapped (Camel's, the transaction's): the reason names the one underneath. */
    private static Throwable innermost(Throwable t) {
        return t == null || t.getCause() == null || t.getCause() == t ? t : innermost(t.getCause());
    }
}
