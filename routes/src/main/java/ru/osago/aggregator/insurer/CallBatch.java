package ru.osago.aggregator.insurer;

import java.util.List;

/**
 * The calls of one claim to one insurer: what the Splitter hands the Recipient List, and the insurer's
 * route its body. Routes read it without Simple's OGNL ({@code ${body.calls}}), which looked up the
 * bean's methods by a key that hashed the whole batch, every application's JSON included, on each call.
 */
public record CallBatch(String insurerId, List<InsurerCall> calls) {
}
