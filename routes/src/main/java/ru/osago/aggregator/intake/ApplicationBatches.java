package ru.osago.aggregator.intake;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.state.RequestRegistry.Application;
import ru.osago.aggregator.state.RequestRegistry.Registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Group commit for intake. Each JMS consumer hands its valid request over and waits; one thread stores
 * what has gathered ({@code osago.intake.batch-size} at most, gathered for at most {@code osago.intake.batch-ms})
 * in one database transaction and one JMS commit for their ACCEPTED events, then answers the consumers,
 * whose own JMS transactions then acknowledge their messages. A message is acknowledged only after its
 * request is committed: a crash in between means a redelivery, and registration is idempotent. A batch that
 * fails is tried again one request at a time, so one bad request never costs the others a delivery.
 */
@Component
class ApplicationBatches {

    private static final Logger log = LoggerFactory.getLogger(ApplicationBatches.class);

    private record Pending(Application application, CompletableFuture<Registration> result) {
    }

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final RequestRegistry registry;
    private final int batchSize;
    private final long batchNanos;
    private final Duration answerWithin;
    private final Thread writer;
    private volatile boolean running = true;

    ApplicationBatches(RequestRegistry registry, AggregatorProperties properties) {
        this.registry = registry;
        this.batchSize = properties.intake().batchSize();
        this.batchNanos = TimeUnit.MILLISECONDS.toNanos(properties.intake().batchMs());
        // a consumer that gets no answer in this long rolls its message back (the broker delivers it again)
        this.answerWithin = properties.polling().lease();
        this.writer = Thread.ofPlatform().name("intake-writer").daemon().start(this::writeBatches);
    }

    /** Stores the request with the next batch; throws when that failed, so the consumer rolls back. */
    Registration register(Application application) throws Exception {
        Pending pending = new Pending(application, new CompletableFuture<>());
        if (!running) {
            throw new IllegalStateException("intake is stopping: the request goes back to the queue");
        }
        waiting.add(pending);
        try {
            return pending.result().get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("request " + application.request().requestId() + " not stored within "
                    + answerWithin + ": it goes back to the queue", e);
        }
    }

    private void writeBatches() {
        while (running) {
            try {
                List<Pending> batch = nextBatch();
                try {
                    write(batch);
                } catch (RuntimeException e) {
                    log.error("intake batch failed outside its requests", e);
                    // the consumers roll back at once instead of waiting out their time
                    batch.forEach(p -> p.result().completeExceptionally(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The first request waited for, then whatever arrives within the batch time, up to the batch size. */
    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long until = System.nanoTime() + batchNanos;
        while (batch.size() < batchSize) {
            long left = until - System.nanoTime();
            Pending next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Registration> stored;
        try {
            stored = registry.registerNew(batch.stream().map(Pending::application).toList()).stream()
                    .collect(Collectors.toMap(Registration::requestId, Function.identity(), (a, b) -> a, HashMap::new));
        } catch (RuntimeException e) {
            log.warn("a batch of {} requests failed ({}); each is tried alone", batch.size(), e.toString());
            stored = new HashMap<>();
        }
        for (Pending pending : batch) {
            Registration registration = stored.remove(pending.application().request().requestId());
            if (registration != null) {
                pending.result().complete(registration);
            } else {
                alone(pending);
            }
        }
    }

    /** A request seen before (stored, perhaps by this batch's twin), or one whose batch failed. */
    private void alone(Pending pending) {
        try {
            pending.result().complete(registry.register(pending.application(), Duration.ZERO));
        } catch (RuntimeException e) {
            pending.result().completeExceptionally(e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(5));
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("intake stopped: the request goes back to the queue"));
        }
    }
}
