package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An rs.queue message's body as the {@link QuoteEvent}s that {@code quote_event} can store. The aggregator packs
 * several events to a message, as a JSON array; a body that is one JSON object is one event. Whatever the body
 * (empty, binary, huge, nested deep, mistyped, a NUL character PostgreSQL's jsonb refuses, a premium no numeric
 * column holds, ids longer than their columns), each of its events is read or has a reason why not, and a body
 * that holds no events at all is an {@link UnreadableEventException} saying why, never another exception or an
 * {@link Error}. Anything that would fail the insert every time must be caught here: a failed insert rolls back
 * and redelivers, and after five deliveries the broker dead-letters the message without a reason.
 */
final class ReadEvent {

    /** Events are a few hundred bytes, an ACCEPTED with many insurers a few KiB, and a message packs at most a few dozen. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_EVENT_ID = 200;
    private static final int MAX_REQUEST_ID = 64;
    private static final BigDecimal MAX_PREMIUM = new BigDecimal("1e12");
    private static final int MAX_SCALE = 10;

    private final ObjectMapper mapper = OsagoJson.mapper();

    /** One event of a message: the event, or (event null) why it cannot be stored and its own JSON text. */
    record Item(QuoteEvent event, String unreadable, String json) {
    }

    /** The body's events in order, each read or with its reason; an {@link UnreadableEventException} if it has none. */
    List<Item> toEvents(Object body) {
        try {
            return read(body);
        } catch (UnreadableEventException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw new UnreadableEventException("event could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private List<Item> read(Object body) throws JsonProcessingException {
        String text = switch (body) {
            case null -> null;
            case String s -> s;
            case byte[] bytes when bytes.length > MAX_BYTES -> throw tooLarge(bytes.length);
            case byte[] bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            default -> throw new UnreadableEventException("event body is a " + body.getClass().getSimpleName() + ", not JSON text");
        };
        if (text == null || text.isBlank()) {
            throw new UnreadableEventException("event body is empty");
        }
        if (text.length() > MAX_BYTES) {
            throw tooLarge(text.length());
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("event is not valid JSON or is nested too deep");
        }
        if (tree != null && tree.isObject()) {
            return List.of(new Item(event(tree), null, null)); // an unreadable one is the whole message's failure
        }
        if (tree == null || !tree.isArray()) {
            throw new UnreadableEventException("event is not a JSON object or an array of them");
        }
        if (tree.isEmpty()) {
            throw new UnreadableEventException("event array is empty");
        }
        List<Item> items = new ArrayList<>(tree.size());
        for (JsonNode element : tree) {
            items.add(item(element));
        }
        return items;
    }

    /** An element of a pack; its own text is written only for a dead letter (the store writes a valid one's). */
    private Item item(JsonNode tree) {
        try {
            return new Item(event(tree), null, null);
        } catch (UnreadableEventException e) {
            return new Item(null, e.getMessage(), tree.toString());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            return new Item(null, "event could not be read (" + e.getClass().getSimpleName() + ")", tree.toString());
        }
    }

    private QuoteEvent event(JsonNode tree) throws JsonProcessingException {
        if (!tree.isObject()) {
            throw new UnreadableEventException("event is not a JSON object");
        }
        if (hasNulCharacter(tree)) {
            throw new UnreadableEventException("event holds a NUL character");
        }
        QuoteEvent event;
        try {
            event = mapper.treeToValue(tree, QuoteEvent.class);
        } catch (JsonMappingException e) {
            // the path, not Jackson's message: that quotes the value, which may be any length
            String field = e.getPath().stream().limit(4)
                    .map(ref -> ref.getFieldName() != null ? abbreviate(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new UnreadableEventException("event field '" + field + "' has the wrong type or format");
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("event is not valid JSON");
        }
        check(event);
        return event;
    }

    private static void check(QuoteEvent event) {
        if (event.eventId() == null || event.eventId().isBlank() || event.eventId().length() > MAX_EVENT_ID) {
            throw new UnreadableEventException("eventId must be 1-" + MAX_EVENT_ID + " characters");
        }
        if (event.requestId() == null || event.requestId().isBlank() || event.requestId().length() > MAX_REQUEST_ID) {
            throw new UnreadableEventException("requestId must be 1-" + MAX_REQUEST_ID + " characters");
        }
        if (event.type() == null) {
            throw new UnreadableEventException("type is required");
        }
        if (event.seq() < 0) {
            throw new UnreadableEventException("seq must not be negative");
        }
        premium(event.premium());
        if (event.summary() != null) {
            premium(event.summary().bestPremium());
        }
    }

    private static void premium(BigDecimal premium) {
        if (premium != null && (premium.abs().compareTo(MAX_PREMIUM) >= 0 || premium.scale() > MAX_SCALE || premium.scale() < -MAX_SCALE)) {
            throw new UnreadableEventException("premium is out of range");
        }
    }

    private static boolean hasNulCharacter(JsonNode root) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
                return true;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf('\0') >= 0) {
                    return true;
                }
                todo.push(field.getValue());
            }
            if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static UnreadableEventException tooLarge(int size) {
        return new UnreadableEventException("event is " + size + " bytes, more than the " + MAX_BYTES + " allowed");
    }

    /** An event no delivery will ever store: to rs.dlq with {@link #getMessage()} as the reason. */
    static final class UnreadableEventException extends IllegalArgumentException {
        UnreadableEventException(String reason) {
            super(reason);
        }
    }
}
