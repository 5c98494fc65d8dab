package ru.osago.aggregator.insurer;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.osago.aggregator.state.RequestCompletion;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.RouteTimers;
import ru.osago.aggregator.support.StateTable;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-insurer YAML routes on the real state table and broker, with the network replaced by
 * {@link ScriptedInsurers}: each insurer answers as the test scripts it, and everything above the
 * transport (dialect, rate limit, bulkhead, breaker, time limit, batch recording, events) is real.
 * {@code mock:outcomes} receives every batch of outcomes once it is recorded and its events sent
 * (weaved in after {@code publish-batch-events}). The offer poller and the completion tick are
 * switched off: each test makes its calls itself, so rows keep the next poll time the route gave them. So are the
 * operator's timers (reading the switches, writing samples): a test that needs them sends to {@code direct:<routeId>}.
 */
@CamelSpringBootTest
@SpringBootTest
@Import(ScriptedInsurers.Config.class)
@UseAdviceWith
@DirtiesContext
abstract class InsurerRouteTestSupport {

    static final long WAIT_SECONDS = 20;

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", TestBroker::url);
        registry.add("osago.db-schema", TestDatabase::schema);
        registry.add("osago.insurers-dir", () -> InsurerFilesUnderTest.dir().toString());
        registry.add("server.port", () -> "0");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    RequestRegistry registry;
    @Autowired
    RequestCompletion completion;
    @Autowired
    InsurerCatalog catalog;
    @Autowired
    InsurerResilience resilience;
    @Autowired
    ScriptedInsurers scripted;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    /** Requests this test registered: removed after it. */
    private final List<String> registered = new ArrayList<>();

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        RouteTimers.switchOff(camel, "offer-poller", "completion", "insurer-control", "insurer-samples");
        AdviceWith.adviceWith(camel, "record-outcomes",
                route -> route.weaveById("publish-batch-events").after().to("mock:outcomes"));
        camel.start();
    }

    @AfterEach
    void resetInsurers() {
        MockEndpoint.resetMocks(camel);
        scripted.resetAll();
    }

    /**
     * The schema is shared with the other route test classes, whose pollers and completion ticks run
     * (and some count every event their context sends): what this test stored is removed, so none of
     * them ever claims its rows or completes its requests.
     */
    @AfterEach
    void removeWhatThisTestStored() {
        if (!registered.isEmpty()) {
            jdbc.update("delete from quote_request where request_id in (:ids)", Map.of("ids", registered));
        }
    }

    ScriptedInsurer insurer(String insurerId) {
        return scripted.of(insurerId);
    }

    /** A new request in the state table (ACCEPTED published), as intake leaves it, not due for an hour. */
    RequestRegistry.Registration register(Duration deadlineAfter) {
        RequestRegistry.Registration registration = StateTable.register(registry, "route-test", deadlineAfter, Duration.ofHours(1));
        registered.add(registration.requestId());
        return registration;
    }

    /** The first call of a request to an insurer, as the poller's first claim makes it. */
    static InsurerCall create(RequestRegistry.Registration registration, String insurerId) {
        return new InsurerCall(registration.requestId(), insurerId, InsurerCall.Operation.CREATE, null,
                registration.applicationJson(), 1, 0, registration.deadline());
    }

    /** A later call asking for the offer, as the poller sends it. */
    static InsurerCall poll(RequestRegistry.Registration registration, String insurerId, String externalId, int attempts, int failures) {
        return new InsurerCall(registration.requestId(), insurerId, InsurerCall.Operation.POLL, externalId,
                null, attempts, failures, registration.deadline());
    }

    /** The insurer took our application: as the route would have recorded it. */
    void insurerHolds(RequestRegistry.Registration registration, String insurerId, String externalId) {
        StateTable.insurerHolds(jdbc.getJdbcTemplate(), registration.requestId(), insurerId, externalId, Instant.now());
    }

    /** Completes every OPEN request past its deadline and sends the events, as the completion tick does. */
    void completeOverdue() {
        producer.sendBody("direct:publish-events", completion.completeOverdue(1000));
    }

    /** Hands the call to its insurer's route, as the poller's Recipient List does, and waits until its outcome is recorded. */
    InsurerReply send(InsurerCall call) {
        producer.sendBody("direct:insurer-" + call.insurerId(), new CallBatch(call.insurerId(), List.of(call)));
        MockEndpoint outcomes = camel.getEndpoint("mock:outcomes", MockEndpoint.class);
        List<InsurerReply> replies = new ArrayList<>();
        await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> {
            replies.clear();
            for (Exchange batch : outcomes.getReceivedExchanges()) {
                for (CallOutcome outcome : batchOf(batch)) {
                    if (outcome.call() == call) {
                        replies.add(outcome.reply());
                    }
                }
            }
            return !replies.isEmpty();
        });
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<CallOutcome> batchOf(Exchange batch) {
        return (List<CallOutcome>) batch.getProperty("osagoOutcomes", List.class);
    }

    /** The insurer's row of the request in the state table. */
    Map<String, Object> row(String requestId, String insurerId) {
        return jdbc.queryForMap("select * from insurer_quote where request_id = :requestId and insurer_id = :insurerId",
                Map.of("requestId", requestId, "insurerId", insurerId));
    }

    List<String> insurersWithRows(String requestId) {
        return jdbc.queryForList("select insurer_id from insurer_quote where request_id = :requestId order by insurer_id",
                Map.of("requestId", requestId), String.class);
    }

    RequestEvents events() {
        return new RequestEvents(connectionFactory, "rs.queue");
    }

    private static String scriptedName(String insurerId) {
        return "scripted-insurer-" + insurerId;
    }
}
