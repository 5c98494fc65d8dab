package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.osago.model.Offer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Translates between our application and one insurer's dialect, as its file's {@code api} section
 * says. Pure: no I/O, so every dialect is unit-tested without HTTP.
 */
public final class DialectMapper {

    private static final String EACH = "[]";
    private static final Pattern DECIMAL = Pattern.compile("\\d++(?:\\.\\d++)?");

    private final InsurerSettings.Api api;
    // the file's pointers, compiled once (JsonNode.at(String) parses its pointer on every call)
    private final Map<String, JsonPointer> pointers = new ConcurrentHashMap<>();

    public DialectMapper(InsurerSettings.Api api) {
        this.api = api;
    }

    /** The POST body: our application as it is, or rebuilt field by field from the request mapping. */
    public JsonNode createBody(JsonNode application) {
        if (api.request().isEmpty()) {
            return application;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> mapping : api.request().entrySet()) {
            copy(application, mapping.getValue(), body, mapping.getKey());
        }
        return body;
    }

    public String offerPath(String externalId) {
        return api.offerPath().replace("{id}", externalId);
    }

    /** The insurer's id for our application; a missing one is a protocol error. */
    public String externalId(JsonNode created) {
        JsonNode id = created.at(pointer(api.idField()));
        if (!id.isValueNode() || id.asText().isBlank()) {
            throw new InsurerProtocolException("no application id at " + api.idField());
        }
        return id.asText();
    }

    /** Reads an offer-poll answer: pending, offer or declined; anything else is a protocol error. */
    public InsurerReply offerReply(JsonNode answer, java.time.Duration retryAfter) {
        String status = answer.at(pointer(api.statusField())).asText(null);
        if (status == null) {
            throw new InsurerProtocolException("no status at " + api.statusField());
        }
        if (api.pending().contains(status)) {
            return InsurerReply.pending(retryAfter);
        }
        if (api.declined().contains(status)) {
            return InsurerReply.declined(answer.at(pointer(api.reasonField())).asText("declined by the insurer"));
        }
        if (api.offer().contains(status)) {
            return InsurerReply.offer(offer(answer));
        }
        throw new InsurerProtocolException("unknown status '" + status + "' at " + api.statusField());
    }

    private Offer offer(JsonNode answer) {
        JsonNode premium = answer.at(pointer(api.premiumField()));
        if (!premium.isNumber() && !(premium.isTextual() && DECIMAL.matcher(premium.asText()).matches())) {
            throw new InsurerProtocolException("no numeric premium at " + api.premiumField());
        }
        BigDecimal amount = new BigDecimal(premium.asText());
        if (api.premiumUnit() == InsurerSettings.PremiumUnit.KOPECKS) {
            amount = amount.movePointLeft(2);
        }
        String validUntil = answer.at(pointer(api.validUntilField())).asText(null);
        return new Offer(
                answer.at(pointer(api.offerIdField())).asText(null),
                amount.setScale(2, RoundingMode.HALF_UP),
                answer.at(pointer(api.currencyField())).asText("RUB"),
                validUntil == null ? null : Instant.parse(validUntil));
    }

    private void copy(JsonNode source, String from, ObjectNode target, String to) {
        int fromEach = from.indexOf(EACH);
        int toEach = to.indexOf(EACH);
        if (fromEach < 0 || toEach < 0) {
            JsonNode value = source.at(pointer(from));
            if (!value.isMissingNode()) {
                put(target, to, value.deepCopy());
            }
            return;
        }
        JsonNode items = source.at(pointer(from.substring(0, fromEach)));
        if (!items.isArray()) {
            return;
        }
        String arrayPath = to.substring(0, toEach);
        ArrayNode array = target.at(pointer(arrayPath)).isArray() ? (ArrayNode) target.at(pointer(arrayPath)) : JsonNodeFactory.instance.arrayNode();
        put(target, arrayPath, array);
        for (int i = 0; i < items.size(); i++) {
            while (array.size() <= i) {
                array.addObject();
            }
            JsonNode value = items.get(i).at(pointer(from.substring(fromEach + EACH.length())));
            if (!value.isMissingNode()) {
                put((ObjectNode) array.get(i), to.substring(toEach + EACH.length()), value.deepCopy());
            }
        }
    }

    /** Sets a value at a JSON pointer, creating the objects on the way. */
    private void put(ObjectNode root, String pointer, JsonNode value) {
        JsonPointer path = pointer(pointer);
        ObjectNode parent = root;
        while (!path.tail().matches()) {
            String name = path.getMatchingProperty();
            JsonNode next = parent.get(name);
            parent = next instanceof ObjectNode object ? object : parent.putObject(name);
            path = path.tail();
        }
        parent.set(path.getMatchingProperty(), value);
    }

    private JsonPointer pointer(String pointer) {
        return pointers.computeIfAbsent(pointer, JsonPointer::compile);
    }
}
