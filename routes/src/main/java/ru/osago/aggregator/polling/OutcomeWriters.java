package ru.osago.aggregator.polling;

import ru.osago.aggregator.insurer.CallOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The Splitter's expression after the outcome Aggregator: a batch of outcomes, one part per writer. A
 * request's outcomes always go to the same writer (by its id), so two writers' transactions never lock the
 * same request or insurer rows, and never wait for each other. A part costs about ten statements and two
 * commits whatever its size, so a batch is divided only into parts of at least {@code minPart} outcomes: at
 * low rates one writer records it all, and the writers share the work only when batches are large.
 */
public class OutcomeWriters {

    private final int writers;
    private final int minPart;

    OutcomeWriters(int writers, int minPart) {
        this.writers = writers;
        this.minPart = Math.max(1, minPart);
    }

    public List<List<CallOutcome>> byRequest(List<CallOutcome> batch) {
        int count = Math.min(writers, Math.max(1, batch.size() / minPart));
        if (count == 1) {
            return List.of(batch);
        }
        List<List<CallOutcome>> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(new ArrayList<>());
        }
        for (CallOutcome outcome : batch) {
            parts.get(Math.floorMod(outcome.call().requestId().hashCode(), count)).add(outcome);
        }
        parts.removeIf(List::isEmpty);
        return parts;
    }
}
