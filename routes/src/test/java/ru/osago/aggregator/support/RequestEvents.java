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
import java.util.List;

/**
 * Reads the events of one request from the real reply queue, leaving other requests' events alone
 * (a selector on {@code JMSCorrelationID}, which the aggregator sets to the request id).
 */
public final class RequestEvents {

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final ObjectMapper json = OsagoJson.mapper();

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

    private JsonNode next(String requestId, Duration wait) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(wait.toMillis());
        Message message = jms.receiveSelected(queue, "JMSCorrelationID = '" + requestId.replace("'", "''") + "'");
        if (message == null) {
            return null;
        }
        try {
            return json.readTree(((TextMessage) message).getText());
        } catch (JMSException | JsonProcessingException e) {
            throw new AssertionError("unreadable event for " + requestId, e);
        }
    }
}
