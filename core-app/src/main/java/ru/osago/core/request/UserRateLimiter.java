package ru.osago.core.request;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code requests-per-window} quote requests per user and fixed window, per instance. Losing the
 * counters on a restart only forgives a few requests, so they live in memory.
 */
@Component
class UserRateLimiter {

    private static final int MAX_TRACKED_USERS = 100_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int limit;
    private final long windowMillis;

    UserRateLimiter(Clock clock,
                    @Value("${osago.core.rate-limit.requests-per-window}") int limit,
                    @Value("${osago.core.rate-limit.window-seconds}") long windowSeconds) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = windowSeconds * 1000;
    }

    private record Window(long start, int count) {
    }

    /** Empty when the request may go ahead, else the seconds after which the user may try again. */
    OptionalLong tryAcquire(String userId) {
        long now = clock.millis();
        if (windows.size() > MAX_TRACKED_USERS) {
            windows.values().removeIf(w -> now - w.start() >= windowMillis);
        }
        Window window = windows.compute(userId, (id, w) ->
                w == null || now - w.start() >= windowMillis ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        if (window.count() <= limit) {
            return OptionalLong.empty();
        }
        long retryAfterMs = window.start() + windowMillis - now;
        return OptionalLong.of(Math.max(1, (retryAfterMs + 999) / 1000));
    }
}
