package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.support.MovingClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimGovernorTest {

    private static final int BATCH = 2000;
    private static final int MIN = 20;

    private final MovingClock clock = new MovingClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ClaimGovernor governor = new ClaimGovernor(properties(), clock, meters);

    @Test
    void intakeOnTimeLeavesTheFullBatchOldestFirst() {
        secondOfWaits(100, 300, 1900);
        secondOfWaits(50, 2500);

        assertThat(polls(10)).containsOnly(BATCH);
        assertThat(governor.nextClaim().newestFirst()).isFalse();
    }

    @Test
    void whenEvenTheShortestWaitIsLongEachPollClaimsHalfDownToTheMinimum() {
        secondOfWaits(2500, 3000, 4000);
        intakeWaits(2500); // closes the window

        assertThat(governor.nextClaim()).isEqualTo(new ClaimGovernor.Claim(1000, true));
        assertThat(governor.nextClaim().limit()).isEqualTo(500);
        assertThat(polls(10)).endsWith(MIN, MIN);
        assertThat(meters.get("osago.polling.claim.limit").gauge().value()).isEqualTo(MIN);
    }

    @Test
    void onceIntakeKeepsUpTheLimitGrowsByAQuarterAtMostOnceASecond() {
        secondOfWaits(3000);
        intakeWaits(3000);
        assertThat(polls(15)).endsWith(MIN);
        secondOfWaits(100);
        intakeWaits(100);

        assertThat(governor.nextClaim().limit()).isEqualTo(MIN + MIN / 4);
        assertThat(polls(5)).containsOnly(MIN + MIN / 4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(governor.nextClaim().limit()).isEqualTo(31);
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(1));
            governor.nextClaim();
        }
        assertThat(governor.nextClaim()).isEqualTo(new ClaimGovernor.Claim(BATCH, false));
    }

    /** Intake that stopped taking requests (idle, or waiting for room) is not behind: insurer work goes on. */
    @Test
    void aWindowOlderThanTwoSecondsNoLongerHoldsInsurerWorkBack() {
        secondOfWaits(5000);
        intakeWaits(5000);
        assertThat(governor.nextClaim().limit()).isEqualTo(BATCH / 2);

        clock.advance(Duration.ofMillis(2100));

        assertThat(governor.nextClaim().limit()).isEqualTo(BATCH / 2 + BATCH / 8);
    }

    @Test
    void oneLongWaitAmongShortOnesIsARedeliveryNotABacklog() {
        secondOfWaits(30_000, 10, 30_000);
        intakeWaits(30_000);

        assertThat(polls(10)).containsOnly(BATCH);
    }

    private void intakeWaits(long millis) {
        governor.intakeWaited(Duration.ofMillis(millis));
    }

    /** These waits spread over one second. */
    private void secondOfWaits(long... millis) {
        for (long wait : millis) {
            intakeWaits(wait);
            clock.advance(Duration.ofMillis(1000 / millis.length));
        }
        clock.advance(Duration.ofMillis(1000 % millis.length));
    }

    private List<Integer> polls(int n) {
        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            limits.add(governor.nextClaim().limit());
        }
        return limits;
    }

    private static AggregatorProperties properties() {
        return new AggregatorProperties(null, null, null, null,
                new AggregatorProperties.Polling(50, BATCH, null, null, null, null,
                        new AggregatorProperties.Polling.Overload(Duration.ofSeconds(2), MIN)),
                null, null, null, null, null, null, null, null);
    }
}
