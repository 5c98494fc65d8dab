package ru.osago.aggregator.insurer;

import java.time.Duration;
import java.time.Instant;

/**
 * When to call an insurer next: exponential intervals while it says "pending", exponential backoff
 * after failures, never earlier than its Retry-After, and never past the request's deadline.
 */
public final class PollSchedule {

    private PollSchedule() {
    }

    /** The first poll after the insurer took our application: firstDelayMs later, or when its answer said if that is later. */
    public static Instant afterCreated(Instant now, Duration retryAfter, InsurerSettings.Polling polling, Instant deadline) {
        return bounded(now, Duration.ofMillis(polling.firstDelayMs()), retryAfter, deadline);
    }

    /** After the {@code polls}-th pending answer (1 for the first). */
    public static Instant afterPending(Instant now, int polls, Duration retryAfter, InsurerSettings.Polling polling, Instant deadline) {
        return bounded(now, exponential(polling.intervalMs(), polls, polling.maxIntervalMs()), retryAfter, deadline);
    }

    /** After the {@code failures}-th failure in a row (1 for the first). */
    public static Instant afterFailure(Instant now, int failures, Duration retryAfter, InsurerSettings.Retry retry, Instant deadline) {
        return bounded(now, exponential(retry.backoffMs(), failures, retry.maxBackoffMs()), retryAfter, deadline);
    }

    private static Duration exponential(long baseMs, int n, long maxMs) {
        int doublings = Math.max(0, Math.min(n - 1, 20));
        return Duration.ofMillis(Math.min(maxMs, baseMs << doublings));
    }

    private static Instant bounded(Instant now, Duration interval, Duration retryAfter, Instant deadline) {
        Duration wait = retryAfter != null && retryAfter.compareTo(interval) > 0 ? retryAfter : interval;
        Instant next = now.plus(wait);
        return next.isAfter(deadline) ? deadline : next;
    }
}
