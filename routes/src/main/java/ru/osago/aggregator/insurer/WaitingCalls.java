package ru.osago.aggregator.insurer;

import io.github.resilience4j.bulkhead.Bulkhead;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One insurer's calls that found its bulkhead full, waiting in memory, in order, for a place. A claim
 * brings a poll period's due calls at once, and a call put off at once costs its row two more updates
 * (the put-off outcome, the next claim) and the driver a poll period. A call that has waited longer than
 * {@code maxWait} is put off as before the next time a call ends or is added with no place free (a place
 * that frees goes to the first call waiting, however long it waited).
 * <p>
 * No thread waits and no timer runs: whoever frees a place (a call that ended) or adds a call hands the
 * free places on. A call left waiting is always handed on or put off, because a full bulkhead means
 * calls in flight, and each ends within its time limit and hands on. Resilience4j's own bulkhead decorator
 * refuses at once; this queue sits in front of the same {@link Bulkhead}, so its metrics stay true.
 */
public final class WaitingCalls {

    /** A call to start once it holds a place (it must call {@link #release()} when it ends), or put off. */
    private static final class Waiting {
        final Runnable start;
        final Runnable putOff;
        final long since = System.nanoTime();

        Waiting(Runnable start, Runnable putOff) {
            this.start = start;
            this.putOff = putOff;
        }
    }

    private final Bulkhead bulkhead;
    private final long maxWaitNanos;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();

    WaitingCalls(Bulkhead bulkhead, Duration maxWait) {
        this.bulkhead = bulkhead;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Starts the call now if a place is free and nobody waits before it, later, or puts it off. */
    void submit(Runnable start, Runnable putOff) {
        queue.add(new Waiting(start, putOff));
        handOn();
    }

    /** A call that held a place ended: its place goes to the first call waiting. */
    void release() {
        bulkhead.onComplete();
        handOn();
    }

    /** Calls waiting now (for the graceful stop's count of work in flight). */
    public int size() {
        return queue.size();
    }

    private void handOn() {
        for (Waiting first = queue.peek(); first != null; first = queue.peek()) {
            if (bulkhead.tryAcquirePermission()) {
                Waiting taken = queue.poll();
                if (taken == null) {
                    bulkhead.releasePermission();
                    return;
                }
                taken.start.run();
            } else if (System.nanoTime() - first.since > maxWaitNanos) {
                // (another thread may have taken it meanwhile: then it is not ours to put off)
                if (queue.remove(first)) {
                    first.putOff.run();
                }
            } else {
                return;
            }
        }
    }
}
