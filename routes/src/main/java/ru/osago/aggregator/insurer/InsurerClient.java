package ru.osago.aggregator.insurer;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.metrics.InsurerMetrics;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts a batch of calls to one insurer and returns at once: each call runs inside the insurer's guards
 * ({@link InsurerResilience}) with its time limit, on the transport's I/O threads, and no thread waits for
 * it. Each outcome goes to {@code direct:record-outcomes}, which batches them. Bean name {@code insurerClient}.
 */
@Component("insurerClient")
public class InsurerClient {

    /** Where every outcome goes: the record-outcomes route's Aggregator. */
    public static final String OUTCOMES = "direct:record-outcomes";

    private final InsurerCatalog catalog;
    private final InsurerCalls calls;
    private final InsurerResilience resilience;
    private final InsurerTransport transport;
    private final ProducerTemplate producer;
    private final InsurerMetrics metrics;
    private final Clock clock;

    InsurerClient(InsurerCatalog catalog, InsurerCalls calls, InsurerResilience resilience, InsurerTransport transport,
                  ProducerTemplate producer, InsurerMetrics metrics, Clock clock) {
        this.catalog = catalog;
        this.calls = calls;
        this.resilience = resilience;
        this.transport = transport;
        this.producer = producer;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void start(List<PreparedCall> batch, String insurerId) {
        InsurerSettings settings = catalog.settings(insurerId);
        InsurerResilience.Guards guards = resilience.of(insurerId);
        for (PreparedCall prepared : batch) {
            Supplier<CompletionStage<InsurerReply>> call = () -> transport.send(prepared, settings.timeouts())
                    .orTimeout(settings.timeouts().callMs(), TimeUnit.MILLISECONDS)
                    .thenApply(answer -> calls.read(prepared, answer));
            guards.decorate(call).get()
                    .exceptionally(error -> calls.failure(prepared, cause(error)))
                    .thenAccept(reply -> {
                        CallOutcome outcome = new CallOutcome(prepared.call(), reply, prepared.wire(), clock.instant());
                        // the outcome first: nothing that only observes the call may stand between it and its record
                        producer.sendBody(OUTCOMES, outcome);
                        metrics.call(outcome, prepared.wire().startedAt());
                    });
        }
    }

    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
