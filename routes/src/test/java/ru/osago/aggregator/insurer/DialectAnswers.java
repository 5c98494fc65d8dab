package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Answers in one insurer's own dialect, built from its file's {@code api} section (field pointers,
 * status values, premium unit), so a new file gets answers in its dialect without a test change.
 */
final class DialectAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance; // keeps a BigDecimal as given (trailing zeros too)

    private final InsurerSettings.Api api;

    DialectAnswers(InsurerSettings.Api api) {
        this.api = api;
    }

    /** The answer to the POST: the insurer's id for our application. */
    String created(String externalId) {
        ObjectNode answer = NODES.objectNode();
        put(answer, api.idField(), NODES.textNode(externalId));
        return answer.toString();
    }

    /** A priced offer; the premium is given in roubles and written in the insurer's unit. */
    String offer(String offerId, BigDecimal roubles, Instant validUntil) {
        ObjectNode answer = NODES.objectNode();
        put(answer, api.statusField(), NODES.textNode(api.offer().get(0)));
        put(answer, api.offerIdField(), NODES.textNode(offerId));
        BigDecimal premium = api.premiumUnit() == InsurerSettings.PremiumUnit.KOPECKS ? roubles.movePointRight(2) : roubles;
        put(answer, api.premiumField(), NODES.numberNode(premium));
        put(answer, api.currencyField(), NODES.textNode("RUB"));
        put(answer, api.validUntilField(), NODES.textNode(validUntil.toString()));
        return answer.toString();
    }

    String declined(String reason) {
        ObjectNode answer = NODES.objectNode();
        put(answer, api.statusField(), NODES.textNode(api.declined().get(0)));
        put(answer, api.reasonField(), NODES.textNode(reason));
        return answer.toString();
    }

    String pending() {
        ObjectNode answer = NODES.objectNode();
        put(answer, api.statusField(), NODES.textNode(api.pending().get(0)));
        return answer.toString();
    }

    private static void put(ObjectNode root, String pointer, JsonNode value) {
        JsonPointer path = JsonPointer.compile(pointer);
        ObjectNode parent = root;
        while (!path.tail().matches()) {
            JsonNode next = parent.get(path.getMatchingProperty());
            parent = next instanceof ObjectNode object ? object : parent.putObject(path.getMatchingProperty());
            path = path.tail();
        }
        parent.set(path.getMatchingProperty(), value);
    }
}
