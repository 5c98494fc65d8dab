package ru.osago.aggregator.intake;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.polling.ClaimGovernor;
import ru.osago.aggregator.support.MovingClock;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How often intake counts the OPEN requests (a walk of their index in PostgreSQL), and that it waits at
 * the bound until a count shows room. The count is scripted: what matters here is when it is asked for.
 */
class IntakeBackpressureTest {

    private static final int MAX_OPEN = 10;
    private static final int BATCH = 2000;

    private final ScriptedCount count = new ScriptedCount();
    private CamelContext camel;

    @BeforeEach
    void startIntakeRoute() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake").routeId("intake").log("a request");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void consumersArrivingTogetherShareOneCount() throws Exception {
        count.answer(3);
        count.takes(Duration.ofMillis(300));
        IntakeBackpressure backpressure = new IntakeBackpressure(count, Clock.systemUTC(), governor(Clock.systemUTC()), properties());
        int consumers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    backpressure.awaitRoom(exchange());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> consumer : done) {
                consumer.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count.asked()).isEqualTo(1);
    }

    @Test
    void farBelowTheBoundTheCountIsReadEveryFiveSecondsAndNearItEverySecond() throws Exception {
        MovingClock clock = new MovingClock();
        IntakeBackpressure backpressure = new IntakeBackpressure(count, clock, governor(clock), properties());
        count.answer(2);

        backpressure.awaitRoom(exchange());
        clock.advance(Duration.ofMillis(4_900));
        backpressure.awaitRoom(exchange());
        assertThat(count.asked()).isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        count.answer(MAX_OPEN / 2);
        backpressure.awaitRoom(exchange());
        assertThat(count.asked()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1_000));
        backpressure.awaitRoom(exchange());
        assertThat(count.asked()).isEqualTo(3);
    }

    @Test
    void atTheBoundIntakeWaitsUntilACountShowsRoom() throws Exception {
        IntakeBackpressure backpressure = new IntakeBackpressure(count, Clock.systemUTC(), governor(Clock.systemUTC()), properties());
        count.answer(MAX_OPEN, MAX_OPEN - 1);

        backpressure.awaitRoom(exchange());

        assertThat(count.asked()).isEqualTo(2);
    }

    @Test
    void atOrNearTheBoundQueueWaitsAreTheBoundsAndDoNotHoldInsurerWorkBack() throws Exception {
        // waiting at the bound, then let in just below it: each time the governor hears the bound paces intake
        assertThat(claimLimitAfterASecondOfLongWaits(MAX_OPEN, MAX_OPEN - 1)).isEqualTo(BATCH);
        assertThat(claimLimitAfterASecondOfLongWaits(MAX_OPEN - 1)).isEqualTo(BATCH);
        // far below it, long waits mean intake is short of CPU: insurer work gives way
        assertThat(claimLimitAfterASecondOfLongWaits(MAX_OPEN / 2)).isEqualTo(BATCH / 2);
    }

    /** Requests let in at these counts of OPEN requests, then a second of requests that waited 20 s in rq.queue. */
    private int claimLimitAfterASecondOfLongWaits(long... openCounts) throws Exception {
        MovingClock clock = new MovingClock();
        ClaimGovernor governor = governor(clock);
        count.answer(openCounts);
        // the count is read again on the real clock (a second near the bound); the governor's seconds are the test's
        new IntakeBackpressure(count, Clock.systemUTC(), governor, properties()).awaitRoom(exchange());
        for (int i = 0; i < 10; i++) {
            governor.intakeWaited(Duration.ofSeconds(20));
            clock.advance(Duration.ofMillis(110));
        }
        governor.intakeWaited(Duration.ofSeconds(20));
        return governor.nextClaim().limit();
    }

    @Test
    void aStopHandsTheWaitingRequestBack() throws Exception {
        IntakeBackpressure backpressure = new IntakeBackpressure(count, Clock.systemUTC(), governor(Clock.systemUTC()), properties());
        count.answer(MAX_OPEN);
        camel.getRouteController().stopRoute("intake");

        assertThatThrownBy(() -> backpressure.awaitRoom(exchange()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goes back to rq.queue");
    }

    private Exchange exchange() {
        return new DefaultExchange(camel);
    }

    private static ClaimGovernor governor(Clock clock) {
        return new ClaimGovernor(properties(), clock, new SimpleMeterRegistry());
    }

    private static AggregatorProperties properties() {
        return new AggregatorProperties(null, null, null,
                new AggregatorProperties.Intake(8, 32, 200, 10, 65536, 5, MAX_OPEN),
                new AggregatorProperties.Polling(50, BATCH, null, null, null, null,
                        new AggregatorProperties.Polling.Overload(Duration.ofSeconds(2), 20)),
                null, null, null, null, null, null, null, null);
    }

    /** The count of OPEN requests, as scripted: the n-th time it is asked, the n-th answer (the last one repeated). */
    private static final class ScriptedCount extends NamedParameterJdbcTemplate {

        private final AtomicInteger asked = new AtomicInteger();
        private volatile long[] answers = {0};
        private volatile Duration takes = Duration.ZERO;

        ScriptedCount() {
            super(new JdbcTemplate());
        }

        void answer(long... counts) {
            answers = counts;
        }

        void takes(Duration duration) {
            takes = duration;
        }

        int asked() {
            return asked.get();
        }

        @Override
        public <T> T queryForObject(String sql, Map<String, ?> paramMap, Class<T> requiredType) {
            assertThat(sql).contains("from quote_request where status = 'OPEN'");
            int n = asked.getAndIncrement();
            try {
                Thread.sleep(takes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long[] now = answers;
            return requiredType.cast(now[Math.min(n, now.length - 1)]);
        }
    }
}
