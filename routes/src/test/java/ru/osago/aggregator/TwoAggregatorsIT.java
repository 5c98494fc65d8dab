package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Two aggregator processes on one database and one broker: both take requests and call insurers,
 * and nothing is done twice: at most one application per insurer per request, no repeated event, one
 * COMPLETED.
 */
class TwoAggregatorsIT {

    private static final int REQUESTS = 40;
    private static final Duration DEADLINE = Duration.ofSeconds(12);

    @Test
    void twoInstancesShareTheWorkAndNothingHappensTwice() throws Exception {
        AggregatorProcess.Setup setup = AggregatorProcess.Setup.isolated(DEADLINE);
        Map<String, StubStats> before = stubStats();
        try (QuoteTraffic traffic = new QuoteTraffic(setup.requests(), setup.events());
             AggregatorProcess a = AggregatorProcess.start("a", setup);
             AggregatorProcess b = AggregatorProcess.start("b", setup)) {
            List<String> ids = traffic.send(REQUESTS, "user-two");

            traffic.awaitEvent(ids, "COMPLETED", DEADLINE.plusSeconds(60));
            Thread.sleep(1500); // anything after COMPLETED would show up now

            for (String id : ids) {
                List<JsonNode> events = traffic.eventsOf(id);
                assertThat(assertCompleteAndConsistent(id, events, INSURERS.size())).as(id + ": repeated events").isZero();
            }
            Map<String, StubStats> after = stubStats();
            for (String insurer : INSURERS) {
                long created = after.get(insurer).applicationsCreated() - before.get(insurer).applicationsCreated();
                long keys = after.get(insurer).distinctIdempotencyKeys() - before.get(insurer).distinctIdempotencyKeys();
                assertThat(keys).as("Idempotency-Keys sent to " + insurer + ": one per request, however often it was posted")
                        .isLessThanOrEqualTo(REQUESTS);
                assertThat(created).as("applications created at " + insurer + ": one per request at most")
                        .isLessThanOrEqualTo(REQUESTS);
            }
            // a POST that timed out or failed is repeated with the same Idempotency-Key (dobrynya fails every
            // one): the insurer answers with the application it has. How many, is reported, not asserted.
            System.out.printf("two instances, %d requests: POSTs repeated with the same Idempotency-Key: %s%n", REQUESTS,
                    INSURERS.stream().map(i -> i + "=" + (after.get(i).duplicatePosts() - before.get(i).duplicatePosts()))
                            .collect(java.util.stream.Collectors.joining(" ")));
            assertThat(query(setup.schema(), "select distinct accepted_by as instance from quote_request"))
                    .as("both instances consumed requests")
                    .extracting(row -> row.get("instance")).containsExactlyInAnyOrder("a", "b");
            assertThat(query(setup.schema(), "select distinct instance_id as instance from insurer_exchange"))
                    .as("both instances called insurers")
                    .extracting(row -> row.get("instance")).containsExactlyInAnyOrder("a", "b");
        }
    }
}
