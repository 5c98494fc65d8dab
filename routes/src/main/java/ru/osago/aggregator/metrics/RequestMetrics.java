package ru.osago.aggregator.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Per completed request: the time from acceptance to its first offer and to COMPLETED, and the HTTP calls
 * it took. Recorded once the completing transaction commits, so a transaction retried after a deadlock
 * counts once.
 */
@Component
public class RequestMetrics {

    /** One request as it completed: firstOfferAt is null when no insurer made an offer. */
    public record Completed(Instant acceptedAt, Instant firstOfferAt, Instant completedAt, long calls) {
    }

    private final Timer toFirstOffer;
    private final Timer toCompleted;
    private final DistributionSummary calls;

    RequestMetrics(MeterRegistry registry) {
        toFirstOffer = Timer.builder("osago.request.first.offer").publishPercentileHistogram()
                .description("From acceptance to the request's first offer").register(registry);
        toCompleted = Timer.builder("osago.request.completed").publishPercentileHistogram()
                .description("From acceptance to COMPLETED").register(registry);
        calls = DistributionSummary.builder("osago.request.calls")
                .description("HTTP calls to insurers a request took until COMPLETED").register(registry);
    }

    /** In a transaction: recorded after its commit; outside one: at once. */
    public void completed(List<Completed> requests) {
        if (requests.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            record(requests);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                record(requests);
            }
        });
    }

    private void record(List<Completed> requests) {
        for (Completed request : requests) {
            toCompleted.record(Duration.between(request.acceptedAt(), request.completedAt()));
            if (request.firstOfferAt() != null) {
                toFirstOffer.record(Duration.between(request.acceptedAt(), request.firstOfferAt()));
            }
            calls.record(request.calls());
        }
    }
}
