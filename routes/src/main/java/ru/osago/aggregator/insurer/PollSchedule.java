package ru.osago.aggregator.insurer;

import java.time.Duration;
import java.time.Instant;

/**
 * When to call an insurer next: exponential intervals while it says "pending", exponential backoff
 * after failures, never earlier than its Retry-After, and never past the request's deadline.
 * <p>
 * A call due at the deadline is never made (the claim takes only rows before it), so when the schedule
 * would pass the deadline the insurer is asked one last time, its call time limit ({@code timeouts.callMs})
 * before it: an offer ready late in the minute still reaches the driver. Not when its Retry-After forbids
 * that, nor when the last call would come sooner than the schedule's first step (the answer just heard
 * would not have changed).
 */
public final class PollSchedule {

    private PollSchedule() {
    }

    /** The first poll after the insurer took our application: firstDelayMs later, or when its answer said if that is later. */
    public static Instant afterCreated(Instant now, Duration retryAfter, InsurerSettings insurer, Instant deadline) {
        InsurerSettings.Polling polling = insurer.polling();
        Duration first = Duration.ofMillis(polling.firstDelayMs());
        return bounded(now, first, first, retryAfter, insurer, deadline);
    }

    /** After the {@code polls}-th pending answer (1 for the first). */
    public static Instant afterPending(Instant now, int polls, Duration retryAfter, InsurerSettings insurer, Instant deadline) {
        InsurerSettings.Polling polling = insurer.polling();
        return bounded(now, exponential(polling.intervalMs(), polls, polling.maxIntervalMs()),
                Duration.ofMillis(polling.intervalMs()), retryAfter, insurer, deadline);
    }

    /** After the {@code failures}-th failure in a row (1 for the first). */
    public static Instant afterFailure(Instant now, int failures, Duration retryAfter, InsurerSettings insurer, Instant deadline) {
        InsurerSettings.Retry retry = insurer.retry();
        return bounded(now, exponential(retry.backoffMs(), failures, retry.maxBackoffMs()),
                Duration.ofMillis(retry.backoffMs()), retryAfter, insurer, deadline);
    }

    private static Duration exponential(long baseMs, int n, long maxMs) {
        int doublings = Math.max(0, Math.min(n - 1, 20));
        return Duration.ofMillis(Math.min(maxMs, baseMs << doublings));
    }

    private static Instant bounded(Instant now, Duration interval, Duration firstStep, Duration retryAfter,
                                   InsurerSettings insurer, Instant deadline) {
        Duration wait = retryAfter != null && retryAfter.compareTo(interval) > 0 ? retryAfter : interval;
        Instant next = now.plus(wait);
        if (next.isBefore(deadline)) {
            return next;
        }
        Instant lastCall = deadline.minusMillis(insurer.timeouts().callMs());
        boolean allowed = retryAfter == null || !now.plus(retryAfter).isAfter(lastCall);
        return allowed && !now.plus(firstStep).isAfter(lastCall) ? lastCall : deadline;
    }
}
