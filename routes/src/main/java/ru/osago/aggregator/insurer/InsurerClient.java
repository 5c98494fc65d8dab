package ru.osago.aggregator.insurer;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.metrics.InsurerMetrics;
import ru.osago.aggregator.operator.CallStats;
import ru.osago.aggregator.operator.InsurerControl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts a batch of calls to one insurer and returns at once: each call runs inside the insurer's guards
 * ({@link InsurerResilience}) with its time limit, on the transport's I/O threads, and no thread waits for
 * it (a call waiting for a bulkhead place is started by the call that frees it). Each outcome goes to
 * {@code direct:record-outcomes}, which batches them. Bean name {@code insurerClient}.
 * An insurer an operator switched off is not called: its calls end at once as unavailable. Every log line of a
 * call, on whichever thread, carries the request id in the MDC ({@value #MDC_KEY}), the correlation id that
 * the audit rows carry too.
 */
@Component("insurerClient")
public class InsurerClient {

    /** Where every outcome goes: the record-outcomes route's Aggregator. */
    public static final String OUTCOMES = "direct:record-outcomes";
    /** The MDC key of the correlation id, the driver's request id (logging.pattern.correlation shows it). */
    public static final String MDC_KEY = "requestId";

    private static final Logger LOG = LoggerFactory.getLogger(InsurerClient.class);

    private final InsurerCatalog catalog;
    private final InsurerCalls calls;
    private final InsurerResilience resilience;
    private final InsurerTransport transport;
    private final ProducerTemplate producer;
    private final InsurerMetrics metrics;
    private final CallStats stats;
    private final InsurerControl control;
    private final OutcomeBacklog backlog;
    private final Clock clock;
    private volatile Endpoint outcomesEndpoint;

    InsurerClient(InsurerCatalog catalog, InsurerCalls calls, InsurerResilience resilience, InsurerTransport transport,
                  ProducerTemplate producer, InsurerMetrics metrics, CallStats stats, InsurerControl control,
                  OutcomeBacklog backlog, Clock clock) {
        this.catalog = catalog;
        this.calls = calls;
        this.resilience = resilience;
        this.transport = transport;
        this.producer = producer;
        this.metrics = metrics;
        this.stats = stats;
        this.control = control;
        this.backlog = backlog;
        this.clock = clock;
    }

    public void start(List<PreparedCall> batch, String insurerId) {
        InsurerSettings settings = catalog.settings(insurerId);
        if (!control.enabled(insurerId)) {
            for (PreparedCall prepared : batch) {
                finish(prepared, InsurerReply.switchedOff());
            }
            return;
        }
        InsurerResilience.Guards guards = resilience.of(insurerId);
        for (PreparedCall prepared : batch) {
            if (!guards.rateLimiter().acquirePermission()) {
                finish(prepared, calls.failure(prepared, RequestNotPermitted.createRequestNotPermitted(guards.rateLimiter())));
                continue;
            }
            guards.waiting().submit(() -> send(prepared, guards, settings), () -> finish(prepared,
                    calls.failure(prepared, BulkheadFullException.createBulkheadFullException(guards.bulkhead()))));
        }
    }

    /** Holding a place in the insurer's bulkhead: the call through its breaker, within its time limit. */
    private void send(PreparedCall prepared, InsurerResilience.Guards guards, InsurerSettings settings) {
        try (MDC.MDCCloseable id = MDC.putCloseable(MDC_KEY, prepared.call().requestId())) {
            CompletionStage<InsurerReply> reply;
            try {
                reply = CircuitBreaker.decorateCompletionStage(guards.breaker(), () -> transport.send(prepared, settings.timeouts())
                        .orTimeout(settings.timeouts().callMs(), TimeUnit.MILLISECONDS)
                        .thenApply(answer -> calls.read(prepared, answer))).get();
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.handle((answer, error) -> error == null ? answer : calls.failure(prepared, cause(error)))
                    .thenAccept(answer -> finish(prepared, answer))
                    // its place goes to the next call waiting, whatever happened
                    .whenComplete((done, error) -> guards.waiting().release());
        }
    }

    /** On the HTTP client's I/O thread (or the route's, for a call not made). */
    private void finish(PreparedCall prepared, InsurerReply reply) {
        try (MDC.MDCCloseable id = MDC.putCloseable(MDC_KEY, prepared.call().requestId())) {
            CallOutcome outcome = new CallOutcome(prepared.call(), reply, prepared.wire(), clock.instant());
            // the outcome first: nothing that only observes the call may stand between it and its record
            backlog.added();
            producer.sendBody(outcomes(), outcome);
            metrics.call(outcome, prepared.wire().startedAt());
            stats.record(outcome, prepared.wire().startedAt());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} of insurer {}: {} {} in {} ms", prepared.call().operation(), prepared.wire().path(),
                        prepared.call().insurerId(), reply.kind(), reply.reason() == null ? "" : reply.reason(),
                        Duration.between(prepared.wire().startedAt(), outcome.finishedAt()).toMillis());
            }
        }
    }

    /** Resolved once: by its URI, every outcome paid for the context's endpoint lookup (0.7 % of the CPU). */
    private Endpoint outcomes() {
        Endpoint endpoint = outcomesEndpoint;
        if (endpoint == null) {
            endpoint = producer.getCamelContext().getEndpoint(OUTCOMES);
            outcomesEndpoint = endpoint;
        }
        return endpoint;
    }

    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
