package ru.osago.aggregator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;
import ru.osago.model.Vehicle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake route reading from direct: instead of rq.queue, with the Camel endpoints of the reply queue
 * (REJECTED) and the dead-letter queue mocked. ACCEPTED goes out with its batch in one JMS transaction on the
 * real broker, where these tests read it. The state table is real.
 */
@CamelSpringBootTest
// batches gather long enough here that requests sent together surely share one
@SpringBootTest(properties = "osago.intake.batch-ms=200")
@UseAdviceWith
@DirtiesContext
class IntakeRouteTest extends AggregatorTestSupport {

    private final ObjectMapper json = OsagoJson.mapper();

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    @EndpointInject("mock:jms:queue:rs.queue")
    MockEndpoint events;
    @EndpointInject("mock:jms:queue:rq.dlq")
    MockEndpoint deadLetters;

    @BeforeEach
    void adviseIntakeOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        // the mocked reply queue counts every event of this context: the poller and the completion tick
        // would add events of requests that earlier test classes left open in the shared schema
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.replaceFromWith("direct:offer-poller-off"));
        AdviceWith.adviceWith(camel, "completion", route -> route.replaceFromWith("direct:completion-off"));
        AdviceWith.adviceWith(camel, "intake", route -> {
            route.replaceFromWith("direct:intake");
            route.mockEndpointsAndSkip("jms:queue:rs.queue", "jms:queue:rq.dlq");
        });
        camel.start();
    }

    @AfterEach
    void resetMocks() {
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void validRequestIsStoredWithOneRowPerInsurerAndAcceptedOnce() throws Exception {
        String requestId = UUID.randomUUID().toString();

        send(requestId, SampleRequests.valid(requestId, "user-1", LocalDate.now()));

        List<JsonNode> published = eventsOf(requestId);
        assertThat(published).hasSize(1);
        JsonNode accepted = published.get(0);
        assertThat(accepted.path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("seq").asInt()).isEqualTo(1);
        assertThat(accepted.path("insurers")).hasSize(5);
        // due at once, never called yet: the offer poller's next claim makes the first calls
        assertThat(jdbc.queryForList("select insurer_id from insurer_quote where request_id = ? and status = 'CREATED'"
                + " and attempts = 0 and next_poll_at <= now()", String.class, requestId)).containsExactlyInAnyOrder("bereza", "volga", "garant", "dobrynya", "enisey");
    }

    @Test
    void requestThatWaitedInTheQueueKeepsOnlyTheRestOfItsSixtySeconds() throws Exception {
        String requestId = UUID.randomUUID().toString();
        long sentAt = System.currentTimeMillis() - 20_000;

        producer.sendBodyAndHeaders("direct:intake", json.writeValueAsString(SampleRequests.valid(requestId, "user-1", LocalDate.now())),
                Map.of("JMSCorrelationID", requestId, "JMSTimestamp", sentAt));

        assertThat(eventsOf(requestId)).hasSize(1);
        // the deadline counts from when core-app sent it, not from when intake got to it
        assertThat(jdbc.queryForObject("select deadline from quote_request where request_id = ?", java.sql.Timestamp.class, requestId)
                .toInstant()).isCloseTo(java.time.Instant.ofEpochMilli(sentAt).plusSeconds(60),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * A repeat creates nothing, and while the request is open publishes ACCEPTED again under the same event id
     * (core-app stores it once): the first send may have been rolled back after the database committed, and after
     * a broker restart the repeat is not marked redelivered (faults.sh's broker scenario lost ACCEPTED that way).
     */
    @Test
    void repeatedRequestCreatesNothingAgainAndRepublishesAcceptedWhetherMarkedRedeliveredOrNot() throws Exception {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest request = SampleRequests.valid(requestId, "user-1", LocalDate.now());

        send(requestId, request);
        send(requestId, request);
        producer.sendBodyAndHeaders("direct:intake", json.writeValueAsString(request),
                Map.of("JMSCorrelationID", requestId, "JMSRedelivered", true));

        assertThat(eventsOf(requestId)).hasSize(3).extracting(event -> event.path("eventId").asText())
                .containsOnly(requestId + "/ACCEPTED");
        assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = ?", Integer.class, requestId))
                .isEqualTo(5);
    }

    @Test
    void aRepeatOfACompletedRequestPublishesNothing() throws Exception {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest request = SampleRequests.valid(requestId, "user-1", LocalDate.now());
        send(requestId, request);
        assertThat(eventsOf(requestId)).hasSize(1);
        jdbc.update("update quote_request set status = 'COMPLETED' where request_id = ?", requestId);

        send(requestId, request);

        assertThat(eventsOf(requestId)).isEmpty();
    }

    /**
     * Requests that arrive together are stored together: one transaction (one accepted_at) and one JMS commit
     * for several, and still exactly one ACCEPTED each. A second copy of a request in the same batch creates
     * nothing more.
     */
    @Test
    void requestsArrivingTogetherShareABatchAndEachIsAcceptedOnce() throws Exception {
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> UUID.randomUUID().toString()).toList();
        List<String> sent = new ArrayList<>(ids);
        sent.add(ids.get(0));

        assertThat(sendTogether(sent)).allSatisfy(done -> assertThat(done.getException()).isNull());

        assertThat(jdbc.queryForObject("select count(distinct accepted_at) from quote_request where request_id = any(?)",
                Integer.class, (Object) ids.toArray(String[]::new))).isLessThan(ids.size());
        assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = any(?)",
                Integer.class, (Object) ids.toArray(String[]::new))).isEqualTo(5 * ids.size());
        for (String id : ids.subList(1, ids.size())) {
            assertThat(eventsOf(id)).as(id).hasSize(1);
        }
        // the copy is answered as a repeat: ACCEPTED again under the same event id
        assertThat(eventsOf(ids.get(0))).hasSize(2);
    }

    /**
     * A request the database refuses fails its batch; each of the batch's requests is then stored alone, so only
     * that one rolls back (for the broker to deliver again) and the others are stored and ACCEPTED.
     */
    @Test
    void aRequestTheDatabaseRefusesRollsBackAloneAndTheRestOfItsBatchIsStored() throws Exception {
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> UUID.randomUUID().toString()).toList();
        String refused = ids.get(3);
        jdbc.execute("alter table quote_request add constraint refuse_one check (request_id <> '" + refused + "') not valid");
        List<Exchange> done;
        try {
            done = sendTogether(ids);
        } finally {
            jdbc.execute("alter table quote_request drop constraint refuse_one");
        }

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id.equals(refused)) {
                assertThat(done.get(i).getException()).as("rolled back for a redelivery").isNotNull();
                assertThat(eventsOf(id)).isEmpty();
                assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = ?", Integer.class, id)).isZero();
            } else {
                assertThat(done.get(i).getException()).isNull();
                assertThat(eventsOf(id)).as(id).hasSize(1);
                assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = ?", Integer.class, id)).isEqualTo(5);
            }
        }
    }

    @Test
    void invalidVinIsRejectedWithItsFieldAndDeadLetteredWithTheReason() throws Exception {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest valid = SampleRequests.valid(requestId, "user-1", LocalDate.now());
        Vehicle v = valid.vehicle();
        QuoteRequest badVin = valid.withVehicle(new Vehicle("XTA21901OK0123456", v.plate(), v.make(), v.model(), v.year(), v.powerHp(), v.category()));
        events.expectedMessageCount(1);
        deadLetters.expectedMessageCount(1);

        send(requestId, badVin);

        MockEndpoint.assertIsSatisfied(events, deadLetters);
        JsonNode rejected = onlyEvent(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(rejected.path("type").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("errors").get(0).path("field").asText()).isEqualTo("vehicle.vin");
        assertThat(deadLetters.getReceivedExchanges().get(0).getMessage().getHeader(IntakeRoute.REJECT_REASON, String.class))
                .startsWith("vehicle.vin");
        assertThat(deadLetters.getReceivedExchanges().get(0).getMessage().getBody(String.class)).contains("XTA21901OK0123456");
        assertThat(jdbc.queryForObject("select count(*) from quote_request where request_id = ?", Integer.class, requestId))
                .isZero();
    }

    @Test
    void messageThatIsNotJsonIsRejectedByItsCorrelationIdAndDeadLettered() throws Exception {
        String requestId = UUID.randomUUID().toString();
        events.expectedMessageCount(1);
        deadLetters.expectedMessageCount(1);

        producer.sendBodyAndHeader("direct:intake", "{not json", "JMSCorrelationID", requestId);

        MockEndpoint.assertIsSatisfied(events, deadLetters);
        JsonNode rejected = onlyEvent(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(rejected.path("requestId").asText()).isEqualTo(requestId);
        assertThat(deadLetters.getReceivedExchanges().get(0).getMessage().getHeader(IntakeRoute.REJECT_REASON, String.class))
                .isEqualTo("message is not valid JSON");
    }

    @Test
    void unreadableMessageWithoutAnyIdStillGoesToTheDeadLetterQueue() throws Exception {
        events.expectedMessageCount(0);
        deadLetters.expectedMessageCount(1);

        producer.sendBody("direct:intake", "[1, 2, 3]");

        events.setAssertPeriod(200);
        MockEndpoint.assertIsSatisfied(events, deadLetters);
    }

    /** The one event of a reply-queue message (REJECTED goes alone, as a pack of one). */
    private static JsonNode onlyEvent(String body) {
        List<JsonNode> pack = RequestEvents.eventsOf(body);
        assertThat(pack).hasSize(1);
        return pack.get(0);
    }

    /** What the real reply queue holds for the request (every send is committed before the route returns). */
    private List<JsonNode> eventsOf(String requestId) {
        return new RequestEvents(connectionFactory, "rs.queue").drain(requestId);
    }

    /** Each request through intake on its own thread, all at once, as concurrent JMS consumers take them. */
    private List<Exchange> sendTogether(List<String> ids) throws Exception {
        ExecutorService consumers = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<Exchange>> sent = new ArrayList<>();
            for (String id : ids) {
                String body = json.writeValueAsString(SampleRequests.valid(id, "user-1", LocalDate.now()));
                sent.add(consumers.submit(() -> producer.send("direct:intake", exchange -> {
                    exchange.getMessage().setBody(body);
                    exchange.getMessage().setHeader("JMSCorrelationID", id);
                })));
            }
            List<Exchange> done = new ArrayList<>();
            for (Future<Exchange> exchange : sent) {
                done.add(exchange.get(30, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            consumers.shutdownNow();
        }
    }

    private void send(String requestId, QuoteRequest request) throws Exception {
        producer.sendBodyAndHeader("direct:intake", json.writeValueAsString(request), "JMSCorrelationID", requestId);
    }
}
