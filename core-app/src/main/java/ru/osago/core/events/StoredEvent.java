package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.EventType;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event as core-app stores and streams it: what the streams order and de-duplicate by, with the event's JSON
 * text. The text is written once, when the event is read off rs.queue; the live topic, the streams and the
 * snapshot pass it on as it is. Read back (from the live topic or the database), only these four fields are
 * bound: binding the whole event, its instants and amounts, was two thirds of reading the live topic.
 */
public record StoredEvent(String eventId, String requestId, long seq, EventType type, String json) {

    private static final ObjectMapper MAPPER = OsagoJson.mapper();

    /** The event with the text {@code quote_event} stores for it. */
    public static StoredEvent of(QuoteEvent event) {
        try {
            return new StoredEvent(event.eventId(), event.requestId(), event.seq(), event.type(),
                    MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event read back from its stored text. */
    static StoredEvent read(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a stored event is not a JSON object");
            }
            return readObject(parser, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The event object the parser stands on (at its START_OBJECT), with its exact text cut from {@code text},
     * which the parser reads; the parser is left on the object's closing brace.
     */
    static StoredEvent readObject(JsonParser json, String text) throws IOException {
        int start = Math.toIntExact(json.currentTokenLocation().getCharOffset());
        String eventId = null;
        String requestId = null;
        long seq = 0;
        EventType type = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "eventId" -> eventId = json.getValueAsString();
                case "requestId" -> requestId = json.getValueAsString();
                case "seq" -> seq = json.getValueAsLong();
                case "type" -> type = value == JsonToken.VALUE_STRING ? EventType.valueOf(json.getText()) : null;
                default -> {
                }
            }
            // an object or array value is stepped over whole: its own fields are not the event's
            json.skipChildren();
        }
        int end = Math.toIntExact(json.currentTokenLocation().getCharOffset()) + 1;
        return new StoredEvent(eventId, requestId, seq, type, text.substring(start, end));
    }

    public boolean isTerminal() {
        return type != null && type.isTerminal();
    }
}
