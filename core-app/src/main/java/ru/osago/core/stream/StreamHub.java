package ru.osago.core.stream;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import ru.osago.core.events.LiveEvent;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.events.StoredEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The streams open on this instance, by request id. Only connections live here; the events themselves are in
 * PostgreSQL, so a restart loses nothing a reconnecting browser cannot reload.
 */
@Component
public class StreamHub {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    private final ConcurrentHashMap<String, Set<StreamSubscriber>> byRequest = new ConcurrentHashMap<>();
    private final QuoteEventStore store;
    private final long terminalGraceMs;
    private final ScheduledExecutorService graceTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stream-terminal-grace");
        t.setDaemon(true);
        return t;
    });

    private final long terminalMaxWaitMs;
    private final long recheckEveryNanos;
    private final StreamMetrics metrics;
    private volatile boolean stopping;

    StreamHub(QuoteEventStore store, StreamMetrics metrics,
              @Value("${osago.core.stream.terminal-grace-ms}") long terminalGraceMs,
              @Value("${osago.core.stream.terminal-max-wait-ms}") long terminalMaxWaitMs,
              @Value("${osago.core.stream.recheck-every-ms}") long recheckEveryMs) {
        this.store = store;
        this.metrics = metrics;
        this.terminalGraceMs = terminalGraceMs;
        this.terminalMaxWaitMs = terminalMaxWaitMs;
        this.recheckEveryNanos = TimeUnit.MILLISECONDS.toNanos(recheckEveryMs);
    }

    /**
     * Registers the sink for the request first, then replays the stored events to it. Once the instance is
     * stopping, the stream is ended as going away at once, so the browser reconnects elsewhere.
     */
    StreamSubscriber open(String requestId, StreamSink sink, long alreadySeenSeq) {
        StreamSubscriber subscriber = new StreamSubscriber(requestId, sink, alreadySeenSeq,
                this::finishAfterGrace, this::remove, metrics::pushed);
        if (stopping) {
            subscriber.goAway();
            return subscriber;
        }
        byRequest.computeIfAbsent(requestId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        metrics.opened(sink.kind());
        try {
            subscriber.replay(store.findByRequest(requestId));
        } catch (RuntimeException e) {
            remove(subscriber);
            throw e;
        }
        return subscriber;
    }

    /** Whether a stream of this request is open on this instance. */
    public boolean holds(String requestId) {
        return byRequest.containsKey(requestId);
    }

    /** A batch of live events (from the topic), each to every stream of its request on this instance. */
    public void publishAll(List<LiveEvent> batch) {
        for (LiveEvent live : batch) {
            Set<StreamSubscriber> subscribers = byRequest.get(live.stored().requestId());
            if (subscribers != null) {
                subscribers.forEach(s -> s.live(live.stored(), live.arrivedAtMs()));
            }
        }
    }

    /**
     * Re-reads, in one statement, the requests of the streams due a re-read ({@link StreamSubscriber#recheckDue}),
     * and sends each the events it missed if its final event is stored. Returns how many streams had missed any.
     */
    public int recheckWaitingStreams() {
        long now = System.nanoTime();
        Map<String, List<StreamSubscriber>> due = new HashMap<>();
        byRequest.forEach((requestId, subscribers) -> subscribers.forEach(s -> {
            if (s.recheckDue(now, recheckEveryNanos)) {
                due.computeIfAbsent(requestId, id -> new ArrayList<>()).add(s);
            }
        }));
        int caughtUp = 0;
        for (Map.Entry<String, List<StoredEvent>> finished : store.findFinishedAmong(due.keySet()).entrySet()) {
            for (StreamSubscriber subscriber : due.get(finished.getKey())) {
                if (subscriber.catchUp(finished.getValue())) {
                    caughtUp++;
                }
            }
        }
        metrics.caughtUp(caughtUp);
        return caughtUp;
    }

    void close(StreamSubscriber subscriber) {
        subscriber.cancel();
        remove(subscriber);
    }

    /** The instance is stopping: every stream is ended as going away, and new ones at once. */
    void closeAll() {
        stopping = true;
        byRequest.values().forEach(subscribers -> subscribers.forEach(s -> {
            s.goAway();
            if (subscribers.remove(s)) {
                metrics.closed(s.kind());
            }
        }));
        byRequest.clear();
    }

    /**
     * The context runs again after a stop (its lifecycle stopped and started, as Spring's test context cache
     * pauses and restarts a cached context): new streams are served again.
     */
    void reopen() {
        stopping = false;
    }

    /** Streams currently open on this instance. */
    public int openStreams() {
        return byRequest.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(StreamSubscriber subscriber) {
        byRequest.computeIfPresent(subscriber.requestId(), (id, set) -> {
            if (set.remove(subscriber)) {
                metrics.closed(subscriber.kind());
            }
            return set.isEmpty() ? null : set;
        });
    }

    private void finishAfterGrace(StreamSubscriber subscriber) {
        finishWhenComplete(subscriber, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(terminalMaxWaitMs));
    }

    /**
     * Every grace period, looks whether the store now holds the missing events; finishes once it does, or at
     * the latest after terminal-max-wait-ms. A missing event is usually one a stopping instance had in hand:
     * the broker redelivers it only when that instance's session closes, seconds later.
     */
    private void finishWhenComplete(StreamSubscriber subscriber, long giveUpAt) {
        graceTimer.schedule(() -> {
            try {
                List<StoredEvent> stored = store.findByRequest(subscriber.requestId());
                if (!subscriber.completeWith(stored) && System.nanoTime() < giveUpAt) {
                    finishWhenComplete(subscriber, giveUpAt);
                    return;
                }
                subscriber.finish(stored);
            } catch (RuntimeException e) {
                LOG.warn("Finishing the stream of {} failed", subscriber.requestId(), e);
                close(subscriber);
            }
        }, terminalGraceMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        graceTimer.shutdownNow();
    }
}
