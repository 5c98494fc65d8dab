package ru.osago.aggregator.polling;

import ru.osago.aggregator.insurer.CallOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The Splitter's expression after the outcome Aggregator: a batch of outcomes, one part per writer. A
 * request's outcomes always go to the same writer (by its id), so two writers' transactions never lock the
 * same request or insurer rows, and never wait for each other.
 */
public class OutcomeWriters {

    private final int writers;

    OutcomeWriters(int writers) {
        this.writers = writers;
    }

    public List<List<CallOutcome>> byRequest(List<CallOutcome> batch) {
        if (writers == 1) {
            return List.of(batch);
        }
        List<List<CallOutcome>> parts = new ArrayList<>(writers);
        for (int i = 0; i < writers; i++) {
            parts.add(new ArrayList<>());
        }
        for (CallOutcome outcome : batch) {
            parts.get(writerOf(outcome.call().requestId())).add(outcome);
        }
        parts.removeIf(List::isEmpty);
        return parts;
    }

    int writerOf(String requestId) {
        return Math.floorMod(requestId.hashCode(), writers);
    }
}
