package ru.osago.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ContextSwitchesTest {

    @Test
    void countsTheBlockingOfARunningProcessByThreadKind() throws Exception {
        Options options = Options.parse(new String[]{"--pid", "core-app=" + ProcessHandle.current().pid(), "--pid", "stubs=1"});
        Map<String, Long> self = options.jvmPids();
        Map<String, Map<String, long[]>> before = ContextSwitches.snapshot(self);
        CountDownLatch slept = new CountDownLatch(1);
        CountDownLatch counted = new CountDownLatch(1);
        Thread sleeper = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    Thread.sleep(1); // the thread blocks: one voluntary switch each time
                }
                slept.countDown();
                counted.await(); // alive until the second snapshot has read it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sleeper");
        sleeper.start();
        slept.await();
        Map<String, Map<String, long[]>> after = ContextSwitches.snapshot(self);
        counted.countDown();
        sleeper.join();

        assertThat(after).containsOnlyKeys("core-app"); // only the JVMs under test are read, not the stubs
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) ContextSwitches.perRequest(before, after, 10).get("core-app");
        assertThat((Double) m.get("voluntary")).isGreaterThanOrEqualTo(5.0);
        assertThat((Map<String, Double>) m.get("byThread")).hasEntrySatisfying("sleeper",
                perRequest -> assertThat(perRequest).isGreaterThanOrEqualTo(5.0));
    }

    @Test
    void perRequestSumsTheKindsClampsEndedThreadsAndShowsTheLargest() {
        Map<String, Map<String, long[]>> before = Map.of("core-app", Map.of(
                "http-nio-N-exec", new long[]{100, 10}, "pool-gone", new long[]{500, 0}, "quiet", new long[]{0, 0}));
        Map<String, Map<String, long[]>> after = Map.of("core-app", Map.of(
                "http-nio-N-exec", new long[]{900, 50}, "pool-gone", new long[]{20, 0}, "quiet", new long[]{10, 0},
                "event-batch-N", new long[]{200, 0}));

        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) ContextSwitches.perRequest(before, after, 100).get("core-app");

        // 800 + 40 + 0 (ended threads do not count below zero) + 10 + 200 over 100 requests
        assertThat(m).containsEntry("voluntary", 10.1).containsEntry("involuntary", 0.4);
        // the most first; "quiet" has 10 of 1,050 (under 5 %) and "pool-gone" none
        assertThat(((Map<String, Double>) m.get("byThread"))).containsExactly(
                Map.entry("http-nio-N-exec", 8.4), Map.entry("event-batch-N", 2.0));
    }
}
