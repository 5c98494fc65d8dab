package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import ru.osago.aggregator.support.MovingClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollCadenceTest {

    private final MovingClock clock = new MovingClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger alive = new AtomicInteger(1);
    private final AtomicInteger counts = new AtomicInteger();
    private final PollCadence cadence = new PollCadence(() -> {
        counts.incrementAndGet();
        return alive.get();
    }, clock, meters);

    @Test
    void aloneItClaimsOnEveryTick() {
        assertThat(ticks(6)).containsOnly(true);
        assertThat(meters.get("osago.polling.instances").gauge().value()).isEqualTo(1);
    }

    @Test
    void withThreeAliveItClaimsOnEveryThirdTickSoTheClusterClaimsAsOftenAsOneInstance() {
        alive.set(3);

        assertThat(ticks(9)).containsExactly(true, false, false, true, false, false, true, false, false);
        assertThat(cadence.instances()).isEqualTo(3);
    }

    @Test
    void theCountIsReadAgainAfterARecountPeriodNotOnEveryTick() {
        alive.set(2);
        assertThat(ticks(4)).containsExactly(true, false, true, false);

        alive.set(1); // the other instance stopped and counts as gone
        clock.advance(PollCadence.RECOUNT.minusMillis(1));
        assertThat(ticks(2)).containsExactly(true, false);
        clock.advance(Duration.ofMillis(1));

        assertThat(ticks(3)).containsOnly(true);
        assertThat(counts.get()).isEqualTo(2);
    }

    @Test
    void noneCountedYetStillLeavesThisInstanceClaiming() {
        alive.set(0); // just started: its own breaker states are not written yet

        assertThat(ticks(3)).containsOnly(true);
    }

    private List<Boolean> ticks(int n) {
        List<Boolean> claims = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            claims.add(cadence.claimsOnThisTick());
        }
        return claims;
    }
}
