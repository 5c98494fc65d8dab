package ru.osago.aggregator.insurer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outcomes of insurer calls that wait to be recorded: the bounded work in flight of the hot path. The poller
 * claims no more than {@code osago.outcomes.max-backlog} minus this many rows, so when the writers fall behind
 * (the database or the CPU saturated) insurer work waits in the state table, where it costs nothing and its
 * deadline still ends it, instead of in this process's heap: without the bound, a run at 400 requests/s
 * filled {@code -Xmx1g}. Exported as the gauge {@code osago.outcomes.backlog}.
 */
@Component
public class OutcomeBacklog {

    private final AtomicInteger waiting = new AtomicInteger();
    private final int max;

    OutcomeBacklog(AggregatorProperties properties, MeterRegistry meters) {
        this.max = properties.outcomes().maxBacklog();
        Gauge.builder("osago.outcomes.backlog", waiting, AtomicInteger::get)
                .description("insurer call outcomes waiting to be recorded").register(meters);
    }

    /** An outcome handed to record-outcomes. */
    public void added() {
        waiting.incrementAndGet();
    }

    /** A writer is done with these outcomes, recorded or not (a failed batch's rows are claimed again when their leases end). */
    public void done(int outcomes) {
        waiting.addAndGet(-outcomes);
    }

    /** Rows the poller may claim now. */
    public int room() {
        return Math.max(0, max - waiting.get());
    }

    public int waiting() {
        return waiting.get();
    }
}
