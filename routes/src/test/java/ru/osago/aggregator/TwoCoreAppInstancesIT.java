package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.EventStreamClient;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.OsagoJson;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several core-app instances on one database schema and one broker, with the real aggregator and stub insurers
 * (set up as in {@link QuoteEndToEndIT}). core-app's multi-instance design: rs.queue is durable and consumed by
 * the instances (competing consumers); the one that stores an event re-publishes it to the topic
 * osago.events.live, which every instance subscribes to, so a browser may be connected to any of them.
 * <p>
 * A and B read rs.queue; C is stream-only ({@code osago.core.jms.event-intake-enabled=false}), so it sees an
 * event only when another instance has stored and re-published it.
 */
// closed afterwards: a cached aggregator keeps polling and holding connections of the shared PostgreSQL
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "osago.deadline=12s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCoreAppInstancesIT extends AggregatorTestSupport {

    private static final Duration QUOTE = Duration.ofSeconds(90);
    private static final Map<String, String> OUTCOMES = Map.of(
            "bereza", "OFFER", "volga", "OFFER", "garant", "OFFER",
            "dobrynya", "INSURER_FAILED", "enisey", "INSURER_TIMEOUT");

    private static CoreAppProcess a;
    private static CoreAppProcess b;
    private static CoreAppProcess c;
    private final ObjectMapper json = OsagoJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startInstances() throws Exception {
        String schema = TestDatabase.newSchema();
        // no client-info here (nothing listens on port 9): quotes go on without it
        String noClientInfo = "--osago.core.client-info.url=http://127.0.0.1:9";
        // small pools: three instances on a PostgreSQL that other test runs share
        String smallPool = "--spring.datasource.hikari.maximum-pool-size=4";
        a = CoreAppProcess.start(schema, noClientInfo, smallPool);
        b = CoreAppProcess.start(schema, noClientInfo, smallPool);
        c = CoreAppProcess.start(schema, noClientInfo, smallPool, "--osago.core.jms.event-intake-enabled=false");
    }

    @AfterAll
    static void stopInstances() throws Exception {
        for (CoreAppProcess instance : new CoreAppProcess[]{a, b, c}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    @Order(1)
    void clientOnBGetsEveryEventOfARequestSubmittedOnAWhileAIsRestartedMidQuote() throws Exception {
        JsonNode accepted = submit(a);
        String requestId = accepted.path("requestId").asText();

        try (EventStreamClient onB = EventStreamClient.open(http, b.baseUrl(), accepted.path("streamUrl").asText())) {
            onB.awaitEvent(e -> e.path("type").asText().equals("ACCEPTED"), QUOTE);
            a = a.restart();

            assertThat(onB.awaitClose(QUOTE)).isEqualTo(1000);
            assertEveryEventOnce(onB.events(), requestId);

            // the restarted A replays the same events from the shared database (by seq; live ones may overtake)
            try (EventStreamClient onA = EventStreamClient.open(http, a.baseUrl(), accepted.path("streamUrl").asText())) {
                assertThat(onA.awaitClose(QUOTE)).isEqualTo(1000);
                assertThat(eventIds(onA.events())).containsExactlyInAnyOrderElementsOf(eventIds(onB.events()));
            }
        }
    }

    @Test
    @Order(2)
    void eventsWaitInRsQueueWhileNoInstanceReadsItAndReachAStreamOnlyInstanceOnceOneIsBack() throws Exception {
        JsonNode accepted = submit(a);
        String requestId = accepted.path("requestId").asText();

        try (EventStreamClient onC = EventStreamClient.open(http, c.baseUrl(), accepted.path("streamUrl").asText())) {
            onC.awaitEvent(e -> e.path("type").asText().equals("ACCEPTED"), QUOTE);
            a.close();
            b.close();

            // the aggregator finishes the quote meanwhile; its events, COMPLETED included, wait in rs.queue
            awaitCompletedWaitingInRsQueue(requestId);
            a = a.restart();

            assertThat(onC.awaitClose(QUOTE)).isEqualTo(1000);
            assertEveryEventOnce(onC.events(), requestId);
        }
    }

    private JsonNode submit(CoreAppProcess instance) throws Exception {
        HttpResponse<String> created = instance.submitDemoRequest(http, "two-instances");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return json.readTree(created.body());
    }

    /** ACCEPTED first, COMPLETED last and once, every seq from 1 to the last exactly once, every insurer's outcome. */
    private static void assertEveryEventOnce(List<JsonNode> events, String requestId) {
        assertThat(events).allMatch(e -> e.path("requestId").asText().equals(requestId));
        assertThat(events.get(0).path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("COMPLETED");
        assertThat(events).filteredOn(e -> e.path("type").asText().equals("COMPLETED")).hasSize(1);
        assertThat(eventIds(events)).doesNotHaveDuplicates();
        List<Long> seqs = events.stream().map(e -> e.path("seq").asLong()).sorted().toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        Map<String, String> outcome = events.stream().filter(e -> e.has("insurer"))
                .collect(Collectors.toMap(e -> e.path("insurer").asText(), e -> e.path("type").asText()));
        assertThat(outcome).containsExactlyInAnyOrderEntriesOf(OUTCOMES);
    }

    private static List<String> eventIds(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventId").asText()).toList();
    }

    /** Browses rs.queue (nothing is consumed) until the request's COMPLETED event sits in it. */
    private void awaitCompletedWaitingInRsQueue(String requestId) throws Exception {
        long giveUp = System.nanoTime() + QUOTE.toNanos();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(TestBroker.url());
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            while (System.nanoTime() < giveUp) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue("rs.queue"))) {
                    for (Message message : Collections.list((java.util.Enumeration<Message>) browser.getEnumeration())) {
                        for (JsonNode event : RequestEvents.eventsOf(message)) {
                            if (event.path("requestId").asText().equals(requestId) && event.path("type").asText().equals("COMPLETED")) {
                                return;
                            }
                        }
                    }
                } catch (InvalidDestinationException e) {
                    // the test broker auto-deletes an auto-created queue once empty and without consumers (both
                    // instances just stopped): the aggregator's next event creates it again
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the COMPLETED event of " + requestId + " never waited in rs.queue");
    }
}
