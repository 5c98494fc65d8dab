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
 * on the broker) for all its events, not a synchronous durable send per event, and its events are packed
 * several to a message ({@link EventPacks}). A message's {@code JMSXGroupID} is a hash group of its requests'
 * ids, so core-app's competing consumers see one request's events in the order sent; core-app also orders
 * them by {@code seq} and holds the terminal event until every earlier one is there, so batches of different
 * threads or instances may overtake each other.
 */
@Component
public class EventPublisher {

    private final ConnectionFactory connectionFactory;
    private final ProducerTemplate producer;
    private final String queue;
    private final InsurerMetrics metrics;
    private final EventPacks packs;

    EventPublisher(ConnectionFactory connectionFactory, ProducerTemplate producer,
                   @Value("${osago.queues.events}") String queue, InsurerMetrics metrics,
                   @Value("${osago.events.per-message}") int perMessage, @Value("${osago.events.groups}") int groups) {
        this.connectionFactory = connectionFactory;
        this.producer = producer;
        this.queue = queue;
        this.metrics = metrics;
        this.packs = new EventPacks(perMessage, groups);
    }

    /** All of them or none (the JMS transaction rolls back and the caller's outbox keeps them). */
    public void send(List<OutboundEvent> events) throws JMSException {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer sender = session.createProducer(session.createQueue(queue))) {
            for (EventPacks.Pack pack : packs.pack(events)) {
                TextMessage message = session.createTextMessage(pack.json());
                message.setStringProperty("JMSXGroupID", pack.groupId());
                message.setIntProperty("OsagoEventCount", pack.events().size());
                sender.send(message);
            }
            session.commit();
        }
        metrics.published(events);
    }

    /**
     * One event at once, through Camel's JMS endpoint, for intake's REJECTED: the broker's redelivery of the
     * invalid request is the recovery. A pack of one, in the request's hash group like any other.
     */
    public void publish(QuoteEvent event) {
        EventPacks.Pack pack = packs.pack(List.of(OutboundEvent.of(event))).getFirst();
        producer.sendBodyAndHeaders("jms:queue:" + queue, pack.json(), Map.of(
                "JMSXGroupID", pack.groupId(),
                "OsagoEventCount", 1));
    }
}
