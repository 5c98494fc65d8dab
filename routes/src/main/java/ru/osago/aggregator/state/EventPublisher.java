package ru.osago.aggregator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.util.Map;

/**
 * Sends one event to the reply queue. The send is synchronous (Artemis blocks on durable sends), and
 * {@link QuoteLedger} calls it while it holds the request's row lock, so events of one request reach
 * the broker in {@code seq} order. {@code JMSXGroupID} keeps them in order through core-app's
 * competing consumers too.
 */
@Component
public class EventPublisher {

    private final ProducerTemplate producer;
    private final String endpointUri;
    private final ObjectMapper json = OsagoJson.mapper();

    EventPublisher(ProducerTemplate producer, @Value("jms:queue:${osago.queues.events}") String endpointUri) {
        this.producer = producer;
        this.endpointUri = endpointUri;
    }

    public void publish(QuoteEvent event) {
        producer.sendBodyAndHeaders(endpointUri, toJson(event), Map.of(
                "JMSCorrelationID", event.requestId(),
                "JMSXGroupID", event.requestId(),
                "OsagoEventType", event.type().name()));
    }

    private String toJson(QuoteEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }
}
