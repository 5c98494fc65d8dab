package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.StateTable;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The polling loop while intake is behind, over the real state table with the insurers' routes mocked: the
 * claim governor halves the claim limit each second down to one row (a batch of 8 and {@code min-claims} 1 here), and the poller takes the newest due
 * rows first, so the oldest requests, nearest their deadline, are the ones left to time out.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"osago.polling.period-ms=50", "osago.polling.batch-size=8",
        "osago.polling.overload.min-claims=1"})
@UseAdviceWith
@DirtiesContext
class OverloadClaimOrderRouteTest extends AggregatorTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    RequestRegistry registry;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ClaimGovernor governor;
    @Autowired
    MeterRegistry meters;

    private final ScheduledExecutorService intake = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopIntake() {
        intake.shutdownNow();
    }

    @Test
    void whileIntakeIsBehindTheNewestDueRowsAreClaimedFirst() throws Exception {
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.mockEndpointsAndSkip("direct:insurer-*"));
        camel.start();
        // every request intake takes has waited 10 s in rq.queue
        intake.scheduleAtFixedRate(() -> governor.intakeWaited(Duration.ofSeconds(10)), 0, 100, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.get("osago.polling.claim.limit").gauge().value() == 1);
        String older = StateTable.register(registry, "user-overload", Duration.ofSeconds(60), Duration.ofHours(1)).requestId();
        String newer = StateTable.register(registry, "user-overload", Duration.ofSeconds(60), Duration.ofHours(1)).requestId();

        // both due at once: the older request's insurers for 20 s, the newer one's for 1 s
        Instant now = Instant.now();
        jdbc.update("update insurer_quote set next_poll_at = case when request_id = ? then ?::timestamptz else ?::timestamptz end where request_id in (?, ?)",
                older, Timestamp.from(now.minusSeconds(20)), Timestamp.from(now.minusSeconds(1)), older, newer);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from insurer_quote where request_id in (?, ?) and attempts = 0", Long.class, older, newer) == 0);
        Timestamp newerLastClaimed = lastClaim("max", newer);
        Timestamp olderFirstClaimed = lastClaim("min", older);
        assertThat(newerLastClaimed).isBefore(olderFirstClaimed);
    }

    private Timestamp lastClaim(String aggregate, String requestId) {
        return jdbc.queryForObject("select " + aggregate + "(last_poll_at) from insurer_quote where request_id = ?",
                Timestamp.class, requestId);
    }
}
