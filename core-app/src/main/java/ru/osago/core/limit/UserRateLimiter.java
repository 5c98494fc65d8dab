package ru.osago.core.limit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * At most {@code requestsPerWindow} quote requests per user at once, refilled evenly over {@code window}
 * (a token bucket: a burst of N, then one more every window/N). The buckets are in PostgreSQL, so the budget
 * holds across all core-app instances and restarts.
 */
public class UserRateLimiter {

    static final int MAX_KEY = 64;

    private final ProxyManager<String> buckets;
    private final BucketConfiguration configuration;

    public UserRateLimiter(ProxyManager<String> buckets, long requestsPerWindow, Duration window) {
        if (requestsPerWindow < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rate limit needs at least 1 request per positive window");
        }
        this.buckets = buckets;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requestsPerWindow).refillGreedy(requestsPerWindow, window))
                .build();
    }

    /** Empty when the request may go ahead, else the whole seconds (at least 1) after which it may. */
    public OptionalLong tryAcquire(String userId) {
        String key = userId.length() > MAX_KEY ? userId.substring(0, MAX_KEY) : userId;
        ConsumptionProbe probe = buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
