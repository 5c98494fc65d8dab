package ru.osago.aggregator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Plays core-app on the broker for the process tests: sends requests to the request queue and keeps
 * every event that comes back on the event queue, per request id, in arrival order.
 */
public final class QuoteTraffic implements AutoCloseable {

    private final ObjectMapper json = OsagoJson.mapper();
    private final Connection connection;
    private final Session sendSession;
    private final MessageProducer producer;
    private final Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();

    public QuoteTraffic(String requestQueue, String eventQueue) throws JMSException {
        connection = new ActiveMQConnectionFactory(TestBroker.url()).createConnection();
        sendSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = sendSession.createProducer(sendSession.createQueue(requestQueue));
        Session receiveSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = receiveSession.createConsumer(receiveSession.createQueue(eventQueue));
        consumer.setMessageListener(message -> {
            try {
                for (JsonNode event : RequestEvents.eventsOf(message)) {
                    events.computeIfAbsent(event.path("requestId").asText(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(event);
                }
            } catch (Exception e) {
                throw new IllegalStateException("unreadable event", e);
            }
        });
        connection.start();
    }

    /** Sends {@code count} valid requests, as core-app does; returns their ids. */
    public List<String> send(int count, String userId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String requestId = UUID.randomUUID().toString();
            TextMessage message = sendSession.createTextMessage(
                    json.writeValueAsString(SampleRequests.valid(requestId, userId, LocalDate.now())));
            message.setJMSCorrelationID(requestId);
            producer.send(message);
            ids.add(requestId);
        }
        return ids;
    }

    /** The events of one request so far, in arrival order. */
    public List<JsonNode> eventsOf(String requestId) {
        return List.copyOf(events.getOrDefault(requestId, List.of()));
    }

    public void awaitEvent(Collection<String> requestIds, String type, Duration limit) throws InterruptedException {
        await(requestIds, id -> eventsOf(id).stream().anyMatch(e -> e.path("type").asText().equals(type)), type, limit);
    }

    private void await(Collection<String> requestIds, Predicate<String> done, String what, Duration limit)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(limit);
        while (Instant.now().isBefore(giveUp)) {
            if (requestIds.stream().allMatch(done)) {
                return;
            }
            Thread.sleep(100);
        }
        List<String> missing = requestIds.stream().filter(done.negate()).toList();
        throw new AssertionError(missing.size() + " of " + requestIds.size() + " requests have no " + what
                + " within " + limit + "; e.g. " + missing.get(0) + ": " + eventsOf(missing.get(0)));
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
