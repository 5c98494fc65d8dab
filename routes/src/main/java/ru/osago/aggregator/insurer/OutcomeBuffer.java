package ru.osago.aggregator.insurer;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Where every insurer call's outcome waits for the record-outcomes route, which takes all that waits at each
 * of its ticks. Adding is a lock-free-enough queue offer on the HTTP client's I/O thread: no Camel exchange,
 * no endpoint lookup per call. The route takes what arrived while it wrote the last batch, so a batch grows
 * with the backlog instead of the backlog growing in a queue of small batches. Not bounded by itself: the
 * insurers' bulkheads bound the calls in flight, and so the outcomes that can wait here.
 */
@Component
public class OutcomeBuffer {

    private final LinkedBlockingQueue<CallOutcome> waiting = new LinkedBlockingQueue<>();

    public void add(CallOutcome outcome) {
        waiting.add(outcome);
    }

    /** Up to {@code max} outcomes in arrival order, or an empty list; never waits. */
    public List<CallOutcome> take(int max) {
        List<CallOutcome> batch = new ArrayList<>(Math.min(max, waiting.size()));
        waiting.drainTo(batch, max);
        return batch;
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }
}
