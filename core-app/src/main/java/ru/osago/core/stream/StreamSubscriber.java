package ru.osago.core.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.osago.core.events.StoredEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One browser's stream of one request: first the stored events (replay), then live ones.
 * <p>
 * It is registered before the replay is read, so no event falls between the two; live events that arrive
 * during the replay wait and are merged in by seq. An eventId already sent is dropped, so the overlap of
 * replay and live shows nothing twice. The terminal event (COMPLETED, REJECTED) is sent last: while an
 * earlier seq is still missing (events may overtake each other across consumers) it is held back, and
 * {@code onTerminalHeld} is asked to call {@link #finish(List)} after a grace period with the stored events.
 * The live topic is not durable: a stream still without its final event is re-read from the database now and
 * then ({@link #recheckDue}, {@link #catchUp}), so a lost message delays that event but never withholds it.
 */
final class StreamSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSubscriber.class);
    private static final long UNSET = Long.MIN_VALUE;

    private final String requestId;
    private final StreamSink sink;
    private final long alreadySeenSeq;
    private final Consumer<StreamSubscriber> onTerminalHeld;
    private final Consumer<StreamSubscriber> onClosed;
    private final LongConsumer onPushed;
    /** When each live event not sent yet arrived on rs.queue (epoch ms): its push latency once sent. */
    private final Map<String, Long> arrivals = new HashMap<>();
    private final Set<String> sentIds = new HashSet<>();
    private final Set<Long> sentSeqs = new HashSet<>();
    private List<StoredEvent> waitingForReplay = new ArrayList<>();
    private StoredEvent heldTerminal;
    private boolean closed;
    /** When this stream next re-reads the database for a final event the live topic may have lost (nanoTime). */
    private long recheckAtNanos = UNSET;

    /**
     * @param alreadySeenSeq events up to this seq were delivered by an earlier connection (SSE Last-Event-ID), 0 if none
     * @param onPushed       told, for every live event sent, when it arrived on rs.queue (epoch ms)
     */
    StreamSubscriber(String requestId, StreamSink sink, long alreadySeenSeq, Consumer<StreamSubscriber> onTerminalHeld,
                     Consumer<StreamSubscriber> onClosed, LongConsumer onPushed) {
        this.requestId = requestId;
        this.sink = sink;
        this.alreadySeenSeq = alreadySeenSeq;
        this.onTerminalHeld = onTerminalHeld;
        this.onClosed = onClosed;
        this.onPushed = onPushed;
    }

    String requestId() {
        return requestId;
    }

    String kind() {
        return sink.kind();
    }

    /** Sends the stored events, then whatever arrived live meanwhile, in seq order. */
    synchronized void replay(List<StoredEvent> stored) {
        List<StoredEvent> all = new ArrayList<>(stored);
        all.addAll(waitingForReplay);
        waitingForReplay = null;
        all.sort(Comparator.comparingLong(StoredEvent::seq));
        all.forEach(this::deliver);
    }

    /** A live event that arrived on rs.queue at {@code arrivedAtMs} (0: unknown, not measured). */
    synchronized void live(StoredEvent event, long arrivedAtMs) {
        if (closed) {
            return;
        }
        if (arrivedAtMs > 0 && !sentIds.contains(event.eventId())) {
            arrivals.putIfAbsent(event.eventId(), arrivedAtMs);
        }
        if (waitingForReplay != null) {
            waitingForReplay.add(event);
        } else {
            deliver(event);
        }
    }

    /** After the grace period: send what is stored and still missing, then the terminal event, and close. */
    synchronized void finish(List<StoredEvent> stored) {
        if (closed || heldTerminal == null) {
            return;
        }
        stored.stream()
                .filter(e -> !e.isTerminal())
                .sorted(Comparator.comparingLong(StoredEvent::seq))
                .forEach(this::deliver);
        sendTerminal();
    }

    /**
     * Whether the stored events (with those already sent) hold every seq before the held terminal event, so
     * that {@link #finish(List)} would leave no gap; also true when there is nothing left to finish.
     */
    synchronized boolean completeWith(List<StoredEvent> stored) {
        if (closed || heldTerminal == null) {
            return true;
        }
        Set<Long> known = new HashSet<>(sentSeqs);
        stored.forEach(e -> known.add(e.seq()));
        for (long seq = alreadySeenSeq + 1; seq < heldTerminal.seq(); seq++) {
            if (!known.contains(seq)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the stream still waits for its final event and is due a re-read of the database, which it is
     * every {@code gapNanos} from its first sweep on: the live topic is not durable, and a message it lost is
     * found there. If due, the next one is set.
     */
    synchronized boolean recheckDue(long nowNanos, long gapNanos) {
        if (closed || heldTerminal != null || waitingForReplay != null) {
            return false;
        }
        if (recheckAtNanos == UNSET) {
            recheckAtNanos = nowNanos + gapNanos;
        }
        if (nowNanos - recheckAtNanos < 0) {
            return false;
        }
        recheckAtNanos = nowNanos + gapNanos;
        return true;
    }

    /**
     * The stored events of a request whose final event is stored, found by a re-read: whatever this stream has
     * not sent goes now, in seq order. Returns whether anything had been missing.
     */
    synchronized boolean catchUp(List<StoredEvent> stored) {
        int sentBefore = sentIds.size();
        boolean closedBefore = closed;
        stored.stream().sorted(Comparator.comparingLong(StoredEvent::seq)).forEach(this::deliver);
        return sentIds.size() > sentBefore || (closed && !closedBefore);
    }

    /** This instance is stopping: the stream ends as going away, and the browser reconnects to another. */
    synchronized void goAway() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sink.goAway();
        } catch (RuntimeException e) {
            LOG.debug("Ending the stream of {}: {}", requestId, e.toString());
        }
    }

    /** The browser went away. */
    synchronized void cancel() {
        closed = true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void deliver(StoredEvent event) {
        if (closed || sentIds.contains(event.eventId())) {
            return;
        }
        if (event.isTerminal()) {
            if (heldTerminal == null) {
                heldTerminal = event;
                if (!allEarlierSent(event.seq())) {
                    onTerminalHeld.accept(this);
                }
            }
        } else {
            if (event.seq() > 0 && event.seq() <= alreadySeenSeq) {
                return;
            }
            send(event);
        }
        if (heldTerminal != null && allEarlierSent(heldTerminal.seq())) {
            sendTerminal();
        }
    }

    private void sendTerminal() {
        if (!closed) {
            send(heldTerminal);
        }
        close();
    }

    private void send(StoredEvent event) {
        try {
            sink.send(event);
            sentIds.add(event.eventId());
            sentSeqs.add(event.seq());
            Long arrived = arrivals.remove(event.eventId());
            if (arrived != null) {
                onPushed.accept(arrived);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Stream of {} broken: {}", requestId, e.toString());
            close();
        }
    }

    private boolean allEarlierSent(long seq) {
        for (long s = alreadySeenSeq + 1; s < seq; s++) {
            if (!sentSeqs.contains(s)) {
                return false;
            }
        }
        return true;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the stream of {}: {}", requestId, e.toString());
        }
        onClosed.accept(this);
    }
}
