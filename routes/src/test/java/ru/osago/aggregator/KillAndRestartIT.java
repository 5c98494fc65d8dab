package ru.osago.aggregator;

import org.junit.jupiter.api.Test;
import ru.osago.aggregator.support.AggregatorProcess;
import ru.osago.aggregator.support.QuoteTraffic;
import ru.osago.stubs.StubStats;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.aggregator.support.QuoteAssertions.INSURERS;
import static ru.osago.aggregator.support.QuoteAssertions.assertCompleteAndConsistent;
import static ru.osago.aggregator.support.QuoteAssertions.query;
import static ru.osago.aggregator.support.QuoteAssertions.stubStats;

/**
 * {@code kill -9} of the aggregator's real process while requests are in flight (the state table,
 * the broker and the insurers go on): every accepted request still ends with exactly one COMPLETED,
 * and no insurer gets a second application for the same request. With one instance, after a restart; with two, the
 * survivor finishes the dead one's work without a restart.
 */
class KillAndRestartIT {

    private static final int REQUESTS = 30;
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void killedWhileRequestsAreInFlightThenRestartedEveryAcceptedRequestCompletesOnce() throws Exception {
        AggregatorProcess.Setup setup = AggregatorProcess.Setup.isolated(DEADLINE);
        Map<String, StubStats> before = stubStats();
        try (QuoteTraffic traffic = new QuoteTraffic(setup.requests(), setup.events())) {
            List<String> ids;
            try (AggregatorProcess first = AggregatorProcess.start("first", setup)) {
                ids = traffic.send(REQUESTS, "user-kill");
                traffic.awaitEvent(ids, "ACCEPTED", Duration.ofSeconds(60));
                first.kill();
            }
            long completedBeforeRestart = ids.stream().filter(id -> traffic.eventsOf(id).stream()
                    .anyMatch(e -> e.path("type").asText().equals("COMPLETED"))).count();

            try (AggregatorProcess restarted = AggregatorProcess.start("restarted", setup)) {
                traffic.awaitEvent(ids, "COMPLETED", DEADLINE.plusSeconds(90));
                Thread.sleep(1500); // anything after COMPLETED would show up now
            }

            int repeats = ids.stream().mapToInt(id -> assertCompleteAndConsistent(id, traffic.eventsOf(id), INSURERS.size())).sum();
            assertOneApplicationPerInsurerAndNothingOpen(setup, before);
            System.out.printf("kill -9 with %d accepted requests (%d completed before the kill): all completed after the restart;"
                    + " events repeated by the crash (same eventId): %d; POSTs repeated with the same Idempotency-Key: %s%n",
                    REQUESTS, completedBeforeRestart, repeats, replays(before));
        }
    }

    @Test
    void oneOfTwoInstancesKilledTheOtherFinishesItsWork() throws Exception {
        AggregatorProcess.Setup setup = AggregatorProcess.Setup.isolated(DEADLINE);
        Map<String, StubStats> before = stubStats();
        try (QuoteTraffic traffic = new QuoteTraffic(setup.requests(), setup.events());
             AggregatorProcess survivor = AggregatorProcess.start("survivor", setup)) {
            List<String> ids;
            try (AggregatorProcess victim = AggregatorProcess.start("victim", setup)) {
                ids = traffic.send(REQUESTS, "user-kill-one");
                traffic.awaitEvent(ids, "ACCEPTED", Duration.ofSeconds(60));
                victim.kill();
            }

            traffic.awaitEvent(ids, "COMPLETED", DEADLINE.plusSeconds(60));
            Thread.sleep(1500);

            ids.forEach(id -> assertCompleteAndConsistent(id, traffic.eventsOf(id), INSURERS.size()));
            assertThat(query(setup.schema(), "select distinct accepted_by from quote_request"))
                    .as("both instances took requests before one died")
                    .extracting(row -> row.get("accepted_by")).containsExactlyInAnyOrder("survivor", "victim");
            assertOneApplicationPerInsurerAndNothingOpen(setup, before);
        }
    }

    private static void assertOneApplicationPerInsurerAndNothingOpen(AggregatorProcess.Setup setup, Map<String, StubStats> before)
            throws Exception {
        // a POST lost with the instance is made again with the same Idempotency-Key: the insurer answers
        // with the application it already has. (A row whose POST the deadline overtook has none.)
        Map<String, StubStats> after = stubStats();
        for (String insurer : INSURERS) {
            long created = after.get(insurer).applicationsCreated() - before.get(insurer).applicationsCreated();
            long keys = after.get(insurer).distinctIdempotencyKeys() - before.get(insurer).distinctIdempotencyKeys();
            assertThat(keys).as("Idempotency-Keys sent to " + insurer + ": one per request, however often it was posted")
                    .isLessThanOrEqualTo(REQUESTS);
            assertThat(created).as("applications created at " + insurer + ": one per request at most")
                    .isLessThanOrEqualTo(REQUESTS);
        }
        assertThat(query(setup.schema(), """
                select count(*) as n from insurer_quote where status in ('CREATED', 'IN_PROGRESS')
                union all select count(*) from quote_request where status <> 'COMPLETED'"""))
                .extracting(row -> ((Number) row.get("n")).longValue()).containsOnly(0L);
    }

    private static String replays(Map<String, StubStats> before) {
        StringBuilder text = new StringBuilder();
        stubStats().forEach((id, stats) -> {
            if (INSURERS.contains(id)) {
                text.append(id).append('=').append(stats.duplicatePosts() - before.get(id).duplicatePosts()).append(' ');
            }
        });
        return text.toString().trim();
    }
}
