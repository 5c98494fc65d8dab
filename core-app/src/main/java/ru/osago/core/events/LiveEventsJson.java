package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The live topic's message: {@code [{"requestId":"…","event":{…},"arrivedAtMs":n}, …]}. Each event's stored text
 * is copied in as it is, and read back as a {@link StoredEvent}: its exact text (the parser's offsets delimit it)
 * with the few fields the streams need, so they send that text without binding or writing the event again. The
 * requestId beside it lets a reader skip the events of requests it holds no stream of without reading them:
 * every instance reads every message the other instances publish.
 * Instances that map the message to plain objects read it as before (they ignore the added field).
 */
final class LiveEventsJson {

    private static final ObjectMapper MAPPER = OsagoJson.mapper();

    private LiveEventsJson() {
    }

    static String write(List<LiveEvent> batch) {
        StringWriter out = new StringWriter(batch.size() * 512);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartArray();
            for (LiveEvent live : batch) {
                json.writeStartObject();
                json.writeStringField("requestId", live.stored().requestId());
                json.writeFieldName("event");
                json.writeRawValue(live.stored().json());
                json.writeNumberField("arrivedAtMs", live.arrivedAtMs());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The message's events of the {@code wanted} requests (and those without a requestId beside them), each with
     * its exact text; an {@link IllegalArgumentException} if the text is not such a message.
     */
    static List<LiveEvent> read(String text, Predicate<String> wanted) {
        List<LiveEvent> batch = new ArrayList<>();
        try (JsonParser json = MAPPER.createParser(text)) {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                LiveEvent live = readOne(json, text, wanted);
                if (live != null) {
                    batch.add(live);
                }
            }
            expect(json.currentToken(), JsonToken.END_ARRAY);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable live events message: " + e.getMessage(), e);
        }
        return batch;
    }

    /** One element, or null when it is an event of a request not wanted. */
    private static LiveEvent readOne(JsonParser json, String text, Predicate<String> wanted) throws IOException {
        String requestId = null;
        boolean skipped = false;
        StoredEvent stored = null;
        long arrivedAtMs = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("requestId") && value == JsonToken.VALUE_STRING) {
                requestId = json.getText();
            } else if (field.equals("event") && value == JsonToken.START_OBJECT && requestId != null && !wanted.test(requestId)) {
                json.skipChildren();
                skipped = true;
            } else if (field.equals("event") && value == JsonToken.START_OBJECT) {
                stored = StoredEvent.readObject(json, text);
            } else if (field.equals("arrivedAtMs") && value.isNumeric()) {
                arrivedAtMs = json.getLongValue();
            } else {
                json.skipChildren();
            }
        }
        if (skipped) {
            return null;
        }
        if (stored == null) {
            throw new IOException("a live event without its event object");
        }
        return new LiveEvent(stored, arrivedAtMs);
    }

    private static void expect(JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("live events message: expected " + expected + ", found " + found);
        }
    }
}
