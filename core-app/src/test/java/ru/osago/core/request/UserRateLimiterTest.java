package ru.osago.core.request;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UserRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final UserRateLimiter limiter = new UserRateLimiter(clock, 2, 60);

    @Test
    void requestBeyondTheLimitIsRefusedWithTheSecondsUntilTheWindowEnds() {
        assertThat(limiter.tryAcquire("ivan")).isEmpty();
        now.addAndGet(10_000);
        assertThat(limiter.tryAcquire("ivan")).isEmpty();

        assertThat(limiter.tryAcquire("ivan")).hasValue(50);
        assertThat(limiter.tryAcquire("petr")).isEmpty();
    }

    @Test
    void aNewWindowAllowsRequestsAgain() {
        limiter.tryAcquire("ivan");
        limiter.tryAcquire("ivan");
        assertThat(limiter.tryAcquire("ivan")).isPresent();

        now.addAndGet(60_000);

        assertThat(limiter.tryAcquire("ivan")).isEmpty();
    }
}
