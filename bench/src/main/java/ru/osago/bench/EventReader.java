package ru.osago.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the few fields of a QuoteEvent the tracker needs, whatever else it carries. */
final class EventReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventReader() {
    }

    record Event(String eventId, String requestId, String type, String insurer) {
    }

    static Event read(String json) throws java.io.IOException {
        JsonNode node = MAPPER.readTree(json);
        return new Event(node.path("eventId").asText(null), node.path("requestId").asText(null),
                node.path("type").asText(""), node.path("insurer").asText(null));
    }
}
