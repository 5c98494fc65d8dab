package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(60);
    private final InsurerSettings.Polling polling = new InsurerSettings.Polling(300, 500, 4000);
    private final InsurerSettings.Retry retry = new InsurerSettings.Retry(3, 500, 5000);

    @Test
    void pendingIntervalsDoubleUpToTheirCap() {
        assertThat(PollSchedule.afterPending(NOW, 1, null, polling, DEADLINE)).isEqualTo(NOW.plusMillis(500));
        assertThat(PollSchedule.afterPending(NOW, 2, null, polling, DEADLINE)).isEqualTo(NOW.plusMillis(1000));
        assertThat(PollSchedule.afterPending(NOW, 4, null, polling, DEADLINE)).isEqualTo(NOW.plusMillis(4000));
        assertThat(PollSchedule.afterPending(NOW, 30, null, polling, DEADLINE)).isEqualTo(NOW.plusMillis(4000));
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        assertThat(PollSchedule.afterFailure(NOW, 1, Duration.ofSeconds(3), retry, DEADLINE)).isEqualTo(NOW.plusSeconds(3));
        assertThat(PollSchedule.afterFailure(NOW, 2, Duration.ofMillis(100), retry, DEADLINE)).isEqualTo(NOW.plusMillis(1000));
    }

    @Test
    void firstPollComesAfterTheFirstDelayOrWhenTheInsurerSaidIfLater() {
        assertThat(PollSchedule.afterCreated(NOW, null, polling, DEADLINE)).isEqualTo(NOW.plusMillis(300));
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofSeconds(4), polling, DEADLINE)).isEqualTo(NOW.plusSeconds(4));
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofMillis(100), polling, DEADLINE)).isEqualTo(NOW.plusMillis(300));
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofSeconds(90), polling, DEADLINE)).isEqualTo(DEADLINE);
    }

    @Test
    void nothingIsScheduledPastTheDeadline() {
        assertThat(PollSchedule.afterPending(NOW, 1, Duration.ofSeconds(120), polling, DEADLINE)).isEqualTo(DEADLINE);
    }
}
