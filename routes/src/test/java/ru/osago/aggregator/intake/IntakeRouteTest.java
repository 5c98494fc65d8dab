package ru.osago.aggregator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
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
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;
import ru.osago.model.Vehicle;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake route with the broker edges mocked: it reads from direct: instead of rq.queue, and the
 * reply queue and the dead-letter queue are mock endpoints. The state table is real.
 */
@CamelSpringBootTest
@SpringBootTest
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
        events.expectedMessageCount(1);

        send(requestId, SampleRequests.valid(requestId, "user-1", LocalDate.now()));

        MockEndpoint.assertIsSatisfied(events);
        JsonNode accepted = json.readTree(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(accepted.path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("seq").asInt()).isEqualTo(1);
        assertThat(accepted.path("insurers")).hasSize(5);
        assertThat(events.getReceivedExchanges().get(0).getMessage().getHeader("JMSXGroupID")).isEqualTo(requestId);
        // due at once, never called yet: the offer poller's next claim makes the first calls
        assertThat(jdbc.queryForList("select insurer_id from insurer_quote where request_id = ? and status = 'CREATED'"
                + " and attempts = 0 and next_poll_at <= now()", String.class, requestId)).containsExactlyInAnyOrder("bereza", "volga", "garant", "dobrynya", "enisey");
    }

    @Test
    void requestThatWaitedInTheQueueKeepsOnlyTheRestOfItsSixtySeconds() throws Exception {
        String requestId = UUID.randomUUID().toString();
        long sentAt = System.currentTimeMillis() - 20_000;
        events.expectedMessageCount(1);

        producer.sendBodyAndHeaders("direct:intake", json.writeValueAsString(SampleRequests.valid(requestId, "user-1", LocalDate.now())),
                Map.of("JMSCorrelationID", requestId, "JMSTimestamp", sentAt));

        MockEndpoint.assertIsSatisfied(events);
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
        events.expectedMessageCount(3);

        send(requestId, request);
        send(requestId, request);
        producer.sendBodyAndHeaders("direct:intake", json.writeValueAsString(request),
                Map.of("JMSCorrelationID", requestId, "JMSRedelivered", true));

        MockEndpoint.assertIsSatisfied(events);
        assertThat(events.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(String.class))
                .allMatch(body -> body.contains("\"eventId\":\"" + requestId + "/ACCEPTED\""));
        assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = ?", Integer.class, requestId))
                .isEqualTo(5);
    }

    @Test
    void aRepeatOfACompletedRequestPublishesNothing() throws Exception {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest request = SampleRequests.valid(requestId, "user-1", LocalDate.now());
        events.expectedMessageCount(1);
        send(requestId, request);
        MockEndpoint.assertIsSatisfied(events);
        jdbc.update("update quote_request set status = 'COMPLETED' where request_id = ?", requestId);

        send(requestId, request);

        events.setAssertPeriod(300);
        MockEndpoint.assertIsSatisfied(events);
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
        JsonNode rejected = json.readTree(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
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
        JsonNode rejected = json.readTree(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
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

    private void send(String requestId, QuoteRequest request) throws Exception {
        producer.sendBodyAndHeader("direct:intake", json.writeValueAsString(request), "JMSCorrelationID", requestId);
    }
}
