package ru.osago.aggregator.insurer;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingCallsTest {

    private static Bulkhead bulkhead(int places) {
        return Bulkhead.of("test", BulkheadConfig.custom().maxConcurrentCalls(places).maxWaitDuration(Duration.ZERO).build());
    }

    @Test
    void callsBeyondTheBulkheadWaitAndStartInOrderAsPlacesFree() {
        Bulkhead bulkhead = bulkhead(2);
        WaitingCalls waiting = new WaitingCalls(bulkhead, Duration.ofHours(1));
        List<String> started = new ArrayList<>();
        List<String> putOff = new ArrayList<>();
        for (String call : List.of("a", "b", "c", "d")) {
            waiting.submit(() -> started.add(call), () -> putOff.add(call));
        }
        assertThat(started).containsExactly("a", "b");
        assertThat(waiting.size()).isEqualTo(2);

        waiting.release();
        assertThat(started).containsExactly("a", "b", "c");
        waiting.release();
        waiting.release();
        assertThat(started).containsExactly("a", "b", "c", "d");
        assertThat(putOff).isEmpty();
        assertThat(waiting.size()).isZero();
        waiting.release();
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
    }

    @Test
    void withNoTimeToWaitACallBeyondTheBulkheadIsPutOffAtOnce() {
        Bulkhead bulkhead = bulkhead(1);
        WaitingCalls waiting = new WaitingCalls(bulkhead, Duration.ZERO);
        List<String> started = new ArrayList<>();
        List<String> putOff = new ArrayList<>();
        waiting.submit(() -> started.add("a"), () -> putOff.add("a"));
        waiting.submit(() -> started.add("b"), () -> putOff.add("b"));

        assertThat(started).containsExactly("a");
        assertThat(putOff).containsExactly("b");
        assertThat(waiting.size()).isZero();
    }

    /** Calls added and ended from many threads at once: each call starts or is put off exactly once, never over the bulkhead. */
    @Test
    void underContentionEveryCallStartsOnceAndTheBulkheadIsNeverExceeded() throws Exception {
        int places = 4;
        int calls = 20_000;
        Bulkhead bulkhead = bulkhead(places);
        WaitingCalls waiting = new WaitingCalls(bulkhead, Duration.ofHours(1));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger startedCount = new AtomicInteger();
        AtomicInteger putOffCount = new AtomicInteger();
        Queue<Integer> running = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch submitted = new CountDownLatch(calls);
        for (int i = 0; i < calls; i++) {
            int call = i;
            threads.execute(() -> {
                waiting.submit(() -> {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    startedCount.incrementAndGet();
                    running.add(call);
                }, putOffCount::incrementAndGet);
                // end some call that is running, from this thread, as an I/O thread would
                if (running.poll() != null) {
                    inFlight.decrementAndGet();
                    waiting.release();
                }
                submitted.countDown();
            });
        }
        assertThat(submitted.await(60, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        // end whatever still runs; each end hands its place on to a call still waiting
        for (Integer call = running.poll(); call != null; call = running.poll()) {
            inFlight.decrementAndGet();
            waiting.release();
        }

        assertThat(waiting.size()).as("calls left waiting with every place free").isZero();

        assertThat(startedCount.get()).isEqualTo(calls);
        assertThat(putOffCount.get()).isZero();
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(places);
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(places);
    }
}
