package ru.osago.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import ru.osago.core.TestEvents;
import ru.osago.fuzz.HostileInputs;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/** rs.queue bodies for the event intake's fuzz tests: real events of every type, mutated ones, and junk. */
final class HostileEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final List<String> FIELDS = List.of("eventId", "requestId", "seq", "at", "type", "insurer", "insurerName",
            "premium", "currency", "validUntil", "offerId", "reason", "insurers", "deadline", "summary", "errors", "extra");

    private final Random random;

    HostileEvents(long seed) {
        this.random = new Random(seed);
    }

    /** Text or bytes, as a TextMessage or a BytesMessage would bring it: one event, or a pack of them (a JSON array). */
    Object body() {
        int kind = random.nextInt(100);
        if (kind < 20) {
            return text(valid());
        }
        if (kind < 65) {
            JsonNode event = kind < 30 ? valid() : mutated();
            return random.nextBoolean() ? text(event) : HostileInputs.bytes(event);
        }
        if (kind < 90) {
            ArrayNode pack = NODES.arrayNode();
            for (int i = 0, n = 2 + random.nextInt(6); i < n; i++) {
                pack.add(packed());
            }
            return random.nextBoolean() ? text(pack) : HostileInputs.bytes(pack);
        }
        return junk();
    }

    /** A pack's element: half valid, most of the rest mutated, and some not an event at all. */
    private JsonNode packed() {
        if (random.nextBoolean()) {
            return valid();
        }
        JsonNode notAnEvent = random.nextInt(8) == 0 ? hostile() : mutated();
        return notAnEvent == null ? NODES.nullNode() : notAnEvent;
    }

    private ObjectNode mutated() {
        ObjectNode event = valid();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            JsonNode value = hostile();
            if (value == null) {
                event.remove(field);
            } else {
                event.set(field, value);
            }
        }
        return event;
    }

    private ObjectNode valid() {
        String requestId = UUID.randomUUID().toString();
        QuoteEvent event = switch (random.nextInt(4)) {
            case 0 -> TestEvents.accepted(requestId);
            case 1 -> TestEvents.offer(requestId, 1 + random.nextInt(6), TestEvents.BEREZA, random.nextInt(100_000) + ".50");
            case 2 -> TestEvents.declined(requestId, 1 + random.nextInt(6), TestEvents.VOLGA);
            default -> TestEvents.completed(requestId, 7);
        };
        return JSON.valueToTree(event);
    }

    private JsonNode hostile() {
        List<Supplier<JsonNode>> values = List.of(
                () -> null,
                NODES::nullNode,
                () -> NODES.textNode(""),
                () -> NODES.textNode("x".repeat(201 + random.nextInt(100_000))),
                () -> NODES.textNode("a\u0000b"),
                () -> NODES.textNode("\uD800"),
                () -> NODES.textNode("NO_SUCH_TYPE"),
                () -> NODES.textNode("not a date"),
                () -> NODES.numberNode(-1),
                () -> NODES.numberNode(Long.MAX_VALUE),
                () -> NODES.rawValueNode(new RawValue("1e999999999")),
                () -> NODES.rawValueNode(new RawValue("1e-999999999")),
                () -> NODES.rawValueNode(new RawValue("1" + "0".repeat(20))),
                () -> NODES.rawValueNode(new RawValue("9".repeat(65))),
                () -> NODES.booleanNode(true),
                () -> NODES.arrayNode().add(NODES.objectNode().put("id", "a\u0000")),
                () -> NODES.objectNode().put("bestPremium", 1e300),
                () -> {
                    JsonNode node = NODES.textNode("deep");
                    for (int i = 0, depth = 1 + random.nextInt(60); i < depth; i++) {
                        node = NODES.arrayNode().add(node);
                    }
                    return node;
                });
        return values.get(random.nextInt(values.size())).get();
    }

    private Object junk() {
        List<Supplier<Object>> bodies = List.of(
                () -> "",
                () -> new byte[0],
                () -> {
                    byte[] bytes = new byte[1 + random.nextInt(3000)];
                    random.nextBytes(bytes);
                    return bytes;
                },
                () -> "[".repeat(1 + random.nextInt(50_000)),
                () -> "null",
                () -> "[1,2]",
                () -> "[]",
                () -> "[" + text(valid()) + ",",
                () -> "{\"eventId\":\"e\",\"requestId\":\"r\",\"type\":\"OFFER\",\"pad\":\"" + "x".repeat(ReadEvent.MAX_BYTES) + "\"}",
                () -> text(valid()).substring(0, 20),
                () -> text(valid()).getBytes(StandardCharsets.UTF_16));
        return bodies.get(random.nextInt(bodies.size())).get();
    }

    private static String text(JsonNode node) {
        return new String(HostileInputs.bytes(node), StandardCharsets.UTF_8);
    }
}
