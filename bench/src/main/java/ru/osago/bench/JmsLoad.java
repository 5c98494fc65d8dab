package ru.osago.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Does what core-app does on the broker: puts each request (JSON text, persistent, JMSCorrelationID =
 * requestId) on rq.queue, and consumes rs.queue with competing consumers. core-app must not run.
 */
final class JmsLoad implements LoadDriver {

    private final Tracker tracker;
    private final ActiveMQConnectionFactory factory;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService senders;
    private final ThreadLocal<SenderSession> senderSession;
    private final LocalDate today = LocalDate.now();

    private record SenderSession(Session session, MessageProducer producer) {
    }

    JmsLoad(Options options, Tracker tracker) throws JMSException {
        this.tracker = tracker;
        this.factory = new ActiveMQConnectionFactory(options.brokerUrl(), "osago", "osago");
        Connection consumerConnection = factory.createConnection();
        connections.add(consumerConnection);
        for (int i = 0; i < options.consumers(); i++) {
            Session session = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("rs.queue"));
            consumer.setMessageListener(message -> {
                try {
                    EventReader.Event e = EventReader.read(((TextMessage) message).getText());
                    tracker.event(tracker.find(e.requestId()), e.eventId(), e.type(), e.insurer());
                } catch (Exception ex) {
                    tracker.error("event not readable: " + ex.getClass().getSimpleName());
                }
            });
        }
        consumerConnection.start();
        List<Connection> producerConnections = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Connection c = factory.createConnection();
            connections.add(c);
            producerConnections.add(c);
        }
        senders = Executors.newFixedThreadPool(options.senders());
        senderSession = ThreadLocal.withInitial(() -> {
            try {
                Connection c = producerConnections.get((int) (Thread.currentThread().threadId() % producerConnections.size()));
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue("rq.queue"));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                return new SenderSession(s, p);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void send(int index) {
        senders.execute(() -> {
            String requestId = UUID.randomUUID().toString();
            try {
                SenderSession s = senderSession.get();
                TextMessage message = s.session().createTextMessage(
                        OsagoJson.mapper().writeValueAsString(SampleRequests.valid(requestId, "bench-" + index % 1000, today)));
                message.setJMSCorrelationID(requestId);
                tracker.sent(requestId);
                s.producer().send(message);
            } catch (Exception e) {
                tracker.sendError(e.getClass().getSimpleName());
            }
        });
    }

    @Override
    public long backlog() {
        return ((java.util.concurrent.ThreadPoolExecutor) senders).getQueue().size();
    }

    @Override
    public void close() throws Exception {
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.SECONDS);
        for (Connection c : connections) {
            c.close();
        }
        factory.close();
    }
}
