package ru.osago.aggregator.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import ru.osago.model.OsagoJson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads the events of one request from the real reply queue. The aggregator packs several requests' events to
 * a message, so no selector can pick one request's: every message read is sorted by request, and the events of
 * other requests are kept here for whoever asks for them next (in this test JVM), in the order they came.
 */
public final class RequestEvents {

    private static final ObjectMapper JSON = OsagoJson.mapper();
    /** Events read but not yet asked for, by queue and request id. */
    private static final Map<String, Queue<JsonNode>> SORTED = new ConcurrentHashMap<>();

    private final ConnectionFactory connectionFactory;
    private final String queue;

    public RequestEvents(ConnectionFactory connectionFactory, String queue) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
    }

    /** Events of the request, in arrival order, up to and including the first of {@code type}. */
    public List<JsonNode> until(String requestId, String type, Duration limit) {
        List<JsonNode> events = new ArrayList<>();
        Instant giveUp = Instant.now().plus(limit);
        while (Instant.now().isBefore(giveUp)) {
            JsonNode event = next(requestId, Duration.ofMillis(500));
            if (event != null) {
                events.add(event);
                if (event.path("type").asText().equals(type)) {
                    return events;
                }
            }
        }
        throw new AssertionError("no " + type + " event for " + requestId + " within " + limit + "; got " + events);
    }

    /**
     * The events of the request already on the queue. A batch's events are sent, in one JMS transaction,
     * before its route is done, so once it is done everything it decided is here.
     */
    public List<JsonNode> drain(String requestId) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode event = next(requestId, Duration.ofMillis(300)); event != null; event = next(requestId, Duration.ofMillis(300))) {
            events.add(event);
        }
        return events;
    }

    /** The events of each of the requests already on the queue: everything on it is read until it is quiet for a second. */
    public Map<String, List<JsonNode>> drain(Collection<String> requestIds) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(1000);
        for (Message message = jms.receive(queue); message != null; message = jms.receive(queue)) {
            sort(message);
        }
        Map<String, List<JsonNode>> events = new HashMap<>();
        for (String requestId : requestIds) {
            Queue<JsonNode> mine = sorted(requestId);
            List<JsonNode> taken = events.computeIfAbsent(requestId, id -> new ArrayList<>());
            for (JsonNode event = mine.poll(); event != null; event = mine.poll()) {
                taken.add(event);
            }
        }
        return events;
    }

    /** A message's events: one JSON object, or a JSON array of them (a pack). */
    public static List<JsonNode> eventsOf(Message message) {
        try {
            return eventsOf(((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new AssertionError("unreadable message on the reply queue", e);
        }
    }

    /** A reply-queue body's events, as {@link #eventsOf(Message)} (for a body a mocked endpoint received). */
    public static List<JsonNode> eventsOf(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            List<JsonNode> events = new ArrayList<>();
            if (tree.isArray()) {
                tree.forEach(events::add);
            } else {
                events.add(tree);
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable body on the reply queue", e);
        }
    }

    /** The request's next event, reading (and sorting) messages until it comes or {@code wait} passes without one. */
    private JsonNode next(String requestId, Duration wait) {
        Queue<JsonNode> mine = sorted(requestId);
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        Instant giveUp = Instant.now().plus(wait);
        while (mine.isEmpty()) {
            long left = Duration.between(Instant.now(), giveUp).toMillis();
            if (left <= 0) {
                return null;
            }
            jms.setReceiveTimeout(left);
            Message message = jms.receive(queue);
            if (message == null) {
                return null;
            }
            sort(message);
        }
        return mine.poll();
    }

    private void sort(Message message) {
        eventsOf(message).forEach(event -> sorted(event.path("requestId").asText()).add(event));
    }

    private Queue<JsonNode> sorted(String requestId) {
        return SORTED.computeIfAbsent(queue + "/" + requestId, key -> new ConcurrentLinkedQueue<>());
    }
}
