package ru.osago.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe counts what it hands out, and reads the worker's CPU around the work it timed. No time is asserted. */
class WakeCostTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyTaskHandedIsDoneAndTheWorkersCpuIncludesTheWork() throws InterruptedException {
        Map<String, Object> result = WakeCost.measure(new int[] {400, 50}, List.of("loop", "json"), 1, 1);

        List<Map<String, Object>> steps = (List<Map<String, Object>>) result.get("steps");
        assertThat(steps).extracting(s -> s.get("rate")).containsExactly(400, 400, 50, 50);
        assertThat(steps).extracting(s -> s.get("work")).containsExactly("loop", "json", "loop", "json");
        assertThat(steps).extracting(s -> s.get("tasks")).containsExactly(400L, 400L, 50L, 50L);
        for (Map<String, Object> step : steps) {
            assertThat((double) step.get("workMicrosPerTask")).isPositive();
            assertThat((double) step.get("workerCpuMicrosPerTask")).isGreaterThanOrEqualTo((double) step.get("workMicrosPerTask"));
        }
        // each kind of work is set against itself at the fastest rate
        assertThat(steps.get(0).get("workAgainstFastestRate")).isEqualTo(1.0);
        assertThat(steps.get(1).get("workAgainstFastestRate")).isEqualTo(1.0);
    }
}
