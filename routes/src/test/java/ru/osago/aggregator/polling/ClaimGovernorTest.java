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
    void eachSecondBehindHalvesTheLimitOnceDownToTheMinimum() {
        second(3000); // opens the first window: nothing is known yet

        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Integer> polls = second(3000);
            assertThat(polls).containsOnly(polls.getFirst());
            limits.add(polls.getFirst());
        }

        assertThat(limits).containsExactly(1000, 500, 250, 125, 62, 31, MIN, MIN);
        assertThat(governor.nextClaim()).isEqualTo(new ClaimGovernor.Claim(MIN, true));
        assertThat(meters.get("osago.polling.claim.limit").gauge().value()).isEqualTo(MIN);
    }

    /** A JIT warm-up or a GC can make one second slow; it must not hold insurer work back for long. */
    @Test
    void oneSlowSecondIsMadeUpInFourSeconds() {
        second(100);
        assertThat(second(3000)).containsOnly(BATCH);
        assertThat(second(100)).containsOnly(BATCH / 2);

        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            limits.add(second(100).getLast());
        }

        assertThat(limits).containsExactly(1250, 1562, 1952, BATCH);
        assertThat(governor.nextClaim().newestFirst()).isFalse();
    }

    @Test
    void onceIntakeKeepsUpTheLimitGrowsByAQuarterOnceASecond() {
        for (int i = 0; i < 8; i++) {
            second(3000);
        }
        assertThat(second(100)).containsOnly(MIN);

        assertThat(second(100)).containsOnly(MIN + MIN / 4);
        assertThat(second(100)).containsOnly(31);
        for (int i = 0; i < 30; i++) {
            second(100);
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

    @Test
    void whileTheOpenRequestsBoundPacesIntakeLongWaitsDoNotHoldInsurerWorkBack() {
        // at the bound requests wait in rq.queue however much CPU is free: insurer work goes on at full rate
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            governor.intakePacedByBound();
            held.addAll(second(20_000));
        }
        assertThat(held).containsOnly(BATCH);

        // two seconds after the bound last paced intake, waits that long mean intake is behind again
        List<Integer> after = new ArrayList<>(second(20_000));
        after.addAll(second(20_000));
        after.addAll(second(20_000));
        assertThat(after).contains(BATCH / 2);
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

    /** One second of polls, one every 50 ms, each after a request that waited this long; what each claimed. */
    private List<Integer> second(long wait) {
        List<Integer> limits = new ArrayList<>();
        for (int poll = 0; poll < 20; poll++) {
            intakeWaits(wait);
            limits.add(governor.nextClaim().limit());
            clock.advance(Duration.ofMillis(50));
        }
        return limits;
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
