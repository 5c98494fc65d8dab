package ru.osago.aggregator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

/** An event as it goes to the reply queue: its JSON, and what the message's headers need. */
public record OutboundEvent(String eventId, String requestId, String type, String json) {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    public static OutboundEvent of(QuoteEvent event) {
        try {
            return new OutboundEvent(event.eventId(), event.requestId(), event.type().name(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }
}
