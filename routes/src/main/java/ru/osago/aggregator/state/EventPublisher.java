package ru.osago.aggregator.state;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.metrics.InsurerMetrics;
import ru.osago.model.QuoteEvent;

import java.util.List;
import java.util.Map;

/**
 * Sends events to the reply queue. A batch goes in one JMS transaction: one commit (one durable write
 * on the broker) for all its events, not a synchronous durable send per event. Every event carries
 * {@code JMSXGroupID = requestId}, so core-app's competing consumers see one request's events in the
 * order sent; core-app also orders them by {@code seq} and holds the terminal event until every
 * earlier one is there, so batches of different threads or instances may overtake each other.
 */
@Component
public class EventPublisher {

    private final ConnectionFactory connectionFactory;
    private final ProducerTemplate producer;
    private final String queue;
    private final InsurerMetrics metrics;

    EventPublisher(ConnectionFactory connectionFactory, ProducerTemplate producer,
                   @Value("${osago.queues.events}") String queue, InsurerMetrics metrics) {
        this.connectionFactory = connectionFactory;
        this.producer = producer;
        this.queue = queue;
        this.metrics = metrics;
    }

    /** All of them or none (the JMS transaction rolls back and the caller's outbox keeps them). */
    public void send(List<OutboundEvent> events) throws JMSException {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer sender = session.createProducer(session.createQueue(queue))) {
            for (OutboundEvent event : events) {
                TextMessage message = session.createTextMessage(event.json());
                message.setJMSCorrelationID(event.requestId());
                message.setStringProperty("JMSXGroupID", event.requestId());
                message.setStringProperty("OsagoEventType", event.type());
                sender.send(message);
            }
            session.commit();
        }
        metrics.published(events);
    }

    /**
     * One event at once, through Camel's JMS endpoint, for intake's REJECTED: the broker's redelivery of the
     * invalid request is the recovery.
     */
    public void publish(QuoteEvent event) {
        producer.sendBodyAndHeaders("jms:queue:" + queue, OutboundEvent.of(event).json(), Map.of(
                "JMSCorrelationID", event.requestId(),
                "JMSXGroupID", event.requestId(),
                "OsagoEventType", event.type().name()));
    }
}
