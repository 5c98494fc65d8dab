package ru.osago.aggregator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

/**
 * An event as it goes to the reply queue: its JSON, what the message's headers need, and the outbox row that
 * keeps it until the broker has it ({@code outboxRow} 0: none, as for intake's ACCEPTED, sent inside intake's
 * own database transaction).
 */
public record OutboundEvent(String eventId, String requestId, String type, String json, long outboxRow) {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    public OutboundEvent(String eventId, String requestId, String type, String json) {
        this(eventId, requestId, type, json, 0);
    }

    public static OutboundEvent of(QuoteEvent event) {
        try {
            return new OutboundEvent(event.eventId(), event.requestId(), event.type().name(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }

    OutboundEvent inOutboxRow(long row) {
        return new OutboundEvent(eventId, requestId, type, json, row);
    }
}
