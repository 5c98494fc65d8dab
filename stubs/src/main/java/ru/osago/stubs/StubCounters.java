package ru.osago.stubs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what one stub saw; LongAdders because every event-loop thread writes them. */
final class StubCounters {

    private final String id;
    private final LongAdder posts = new LongAdder();
    private final LongAdder duplicatePosts = new LongAdder();
    private final LongAdder distinctKeys = new LongAdder();
    private final LongAdder applicationsCreated = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder hangs = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    /** Key → first seen (nanoTime); evicted with the applications so it stays bounded. */
    private final Map<String, Long> keysSeen = new ConcurrentHashMap<>();

    StubCounters(String id) {
        this.id = id;
    }

    void post(String idempotencyKey) {
        posts.increment();
        if (idempotencyKey != null && keysSeen.putIfAbsent(idempotencyKey, System.nanoTime()) == null) {
            distinctKeys.increment();
        }
    }

    void get() {
        gets.increment();
    }

    void duplicatePost() {
        duplicatePosts.increment();
    }

    void applicationCreated() {
        applicationsCreated.increment();
    }

    void error() {
        errors.increment();
    }

    void hang() {
        hangs.increment();
    }

    void reset() {
        resets.increment();
    }

    void throttled() {
        throttled.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void unauthorized() {
        unauthorized.increment();
    }

    void badRequest() {
        badRequests.increment();
    }

    void evictOlderThan(Duration age, long nowNanos) {
        long cutoff = nowNanos - age.toNanos();
        keysSeen.values().removeIf(seen -> seen - cutoff < 0);
    }

    StubStats snapshot() {
        return new StubStats(id, posts.sum(), duplicatePosts.sum(), distinctKeys.sum(), applicationsCreated.sum(),
                gets.sum(), errors.sum(), hangs.sum(), resets.sum(), throttled.sum(), malformed.sum(),
                unauthorized.sum(), badRequests.sum());
    }
}
