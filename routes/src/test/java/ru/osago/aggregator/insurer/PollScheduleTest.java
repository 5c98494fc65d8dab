package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(60);
    /** Calls time out after 3 s: a call made 3 s before the deadline is answered by then. */
    private static final Instant LAST_CALL = DEADLINE.minusSeconds(3);
    private final InsurerSettings insurer = new InsurerSettings("alfa", "Alfa", true, "http://127.0.0.1:9",
            null, new InsurerSettings.Timeouts(500, 3000), null, null, null,
            new InsurerSettings.Retry(3, 500, 5000), new InsurerSettings.Polling(300, 500, 4000), null);

    @Test
    void pendingIntervalsDoubleUpToTheirCap() {
        assertThat(PollSchedule.afterPending(NOW, 1, null, insurer, DEADLINE)).isEqualTo(NOW.plusMillis(500));
        assertThat(PollSchedule.afterPending(NOW, 2, null, insurer, DEADLINE)).isEqualTo(NOW.plusMillis(1000));
        assertThat(PollSchedule.afterPending(NOW, 4, null, insurer, DEADLINE)).isEqualTo(NOW.plusMillis(4000));
        assertThat(PollSchedule.afterPending(NOW, 30, null, insurer, DEADLINE)).isEqualTo(NOW.plusMillis(4000));
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        assertThat(PollSchedule.afterFailure(NOW, 1, Duration.ofSeconds(3), insurer, DEADLINE)).isEqualTo(NOW.plusSeconds(3));
        assertThat(PollSchedule.afterFailure(NOW, 2, Duration.ofMillis(100), insurer, DEADLINE)).isEqualTo(NOW.plusMillis(1000));
    }

    @Test
    void firstPollComesAfterTheFirstDelayOrWhenTheInsurerSaidIfLater() {
        assertThat(PollSchedule.afterCreated(NOW, null, insurer, DEADLINE)).isEqualTo(NOW.plusMillis(300));
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofSeconds(4), insurer, DEADLINE)).isEqualTo(NOW.plusSeconds(4));
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofMillis(100), insurer, DEADLINE)).isEqualTo(NOW.plusMillis(300));
    }

    @Test
    void aRetryAfterPastTheDeadlineMeansNoMoreCallsBeforeIt() {
        assertThat(PollSchedule.afterCreated(NOW, Duration.ofSeconds(90), insurer, DEADLINE)).isEqualTo(DEADLINE);
        assertThat(PollSchedule.afterPending(NOW, 1, Duration.ofSeconds(120), insurer, DEADLINE)).isEqualTo(DEADLINE);
        // 58 s is before the deadline: asked then, as it said
        assertThat(PollSchedule.afterPending(NOW, 1, Duration.ofSeconds(58), insurer, DEADLINE)).isEqualTo(NOW.plusSeconds(58));
    }

    @Test
    void aScheduleThatWouldPassTheDeadlineEndsWithOneCallAnsweredBeforeIt() {
        // pending at 52 s: 4 s more is before the deadline, as scheduled
        assertThat(PollSchedule.afterPending(NOW.plusSeconds(52), 5, null, insurer, DEADLINE)).isEqualTo(NOW.plusSeconds(56));
        // pending at 56.5 s: 4 s more is past the deadline, when no call is made: asked at 57 s instead
        assertThat(PollSchedule.afterPending(NOW.plusMillis(56_500), 5, null, insurer, DEADLINE)).isEqualTo(LAST_CALL);
        assertThat(PollSchedule.afterFailure(NOW.plusSeconds(56), 4, null, insurer, DEADLINE)).isEqualTo(LAST_CALL);
        // the interval passes the deadline; a Retry-After of 500 ms allows the last call at 57 s, one of 1 s does not
        assertThat(PollSchedule.afterPending(NOW.plusMillis(56_500), 5, Duration.ofMillis(500), insurer, DEADLINE))
                .isEqualTo(LAST_CALL);
        assertThat(PollSchedule.afterPending(NOW.plusMillis(56_500), 5, Duration.ofSeconds(1), insurer, DEADLINE))
                .isEqualTo(DEADLINE);
    }

    @Test
    void noLastCallSoonerThanTheScheduleFirstStepNorAfterIt() {
        // pending at 56.8 s: asking again at 57 s would hear the same, 200 ms after (the first interval is 500 ms)
        assertThat(PollSchedule.afterPending(NOW.plusMillis(56_800), 5, null, insurer, DEADLINE)).isEqualTo(DEADLINE);
        // the last call itself answered "pending"
        assertThat(PollSchedule.afterPending(LAST_CALL.plusMillis(40), 6, null, insurer, DEADLINE)).isEqualTo(DEADLINE);
        assertThat(PollSchedule.afterFailure(LAST_CALL.plusMillis(40), 4, null, insurer, DEADLINE)).isEqualTo(DEADLINE);
    }
}
