package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.io.UncheckedIOException;

/**
 * An event with its JSON text as core-app stores it. The text is written once, when the event is read off
 * rs.queue; the live topic, the streams and the snapshot pass it on as it is, instead of writing the same
 * event again at every step.
 */
public record StoredEvent(QuoteEvent event, String json) {

    private static final ObjectMapper MAPPER = OsagoJson.mapper();

    /** The event with the text {@code quote_event} stores for it. */
    public static StoredEvent of(QuoteEvent event) {
        try {
            return new StoredEvent(event, MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event as read back from its stored text. */
    static StoredEvent read(String json) {
        try {
            return new StoredEvent(MAPPER.readValue(json, QuoteEvent.class), json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String eventId() {
        return event.eventId();
    }

    public long seq() {
        return event.seq();
    }

    public boolean isTerminal() {
        return event.type().isTerminal();
    }
}
