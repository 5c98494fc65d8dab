package ru.osago.aggregator.polling;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.osago.aggregator.insurer.CallBatch;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.insurer.OutcomeBacklog;
import ru.osago.aggregator.state.OutcomeLedger;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.StateTable;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.Offer;
import ru.osago.model.SampleRequests;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The timer-driven polling loop over the real state table, with the insurers' routes mocked: due rows
 * are claimed once (their lease holds them) and split into one batch per insurer, CREATED rows get a
 * CREATE call with the application,
 * IN_PROGRESS rows a POLL with the insurer's id, rows past their deadline none, except an insurer that
 * timed out while holding our application: it is still polled, and its late offer is stored, not sent.
 * It counts the calls its poller makes, so it has a schema of its own: rows other test classes left in
 * the shared one fall due while it runs, and its poller would rightly claim them.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"osago.polling.period-ms=50", "osago.outcomes.max-backlog=" + OfferPollerRouteTest.MAX_BACKLOG})
@UseAdviceWith
@DirtiesContext
class OfferPollerRouteTest {

    static final int MAX_BACKLOG = 100;
    private static final List<String> INSURERS = List.of("bereza", "dobrynya", "enisey", "garant", "volga");
    private static final String SCHEMA = TestDatabase.newSchema();

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        AggregatorTestSupport.realParts(registry, () -> SCHEMA);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    RequestRegistry registry;
    @Autowired
    OutcomeLedger outcomes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    OutcomeBacklog backlog;

    @BeforeEach
    void advisePollerOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.mockEndpointsAndSkip("direct:insurer-*"));
        camel.start();
    }

    /** Requests this test registered: removed after it, so their leases never run out during a later test. */
    private final List<String> registered = new ArrayList<>();

    @AfterEach
    void resetMocksAndRemoveRequests() {
        MockEndpoint.resetMocks(camel);
        registered.forEach(requestId -> jdbc.update("delete from quote_request where request_id = ?", requestId));
        registered.clear();
    }

    @Test
    void rowsLeftCreatedAreClaimedOnceAndGetTheirCreateCall() throws Exception {
        String requestId = UUID.randomUUID().toString();
        for (String insurer : INSURERS) {
            queue(insurer).expectedMessageCount(1);
            queue(insurer).setAssertPeriod(500);
        }

        register(requestId, Duration.ofSeconds(60));

        MockEndpoint.assertIsSatisfied(camel);
        for (String insurer : INSURERS) {
            InsurerCall call = onlyCallFor(insurer, requestId);
            assertThat(call.operation()).isEqualTo(InsurerCall.Operation.CREATE);
            assertThat(call.applicationJson()).contains(requestId).contains("XTA219010K0123456");
            assertThat(call.attempts()).isEqualTo(1);
        }
    }

    @Test
    void whileTheOutcomeBacklogIsFullNothingIsClaimedAndTheCallsGoOutWhenTheWritersCatchUp() throws Exception {
        // the writers are behind: as many outcomes wait to be recorded as the backlog allows
        for (int i = 0; i < MAX_BACKLOG; i++) {
            backlog.added();
        }
        try {
            String requestId = UUID.randomUUID().toString();
            register(requestId, Duration.ofSeconds(60));
            // ten poll periods
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(callsFor(requestId)).as("calls claimed while the backlog is full").isZero();

            backlog.done(MAX_BACKLOG);
            await().atMost(Duration.ofSeconds(5)).until(() -> callsFor(requestId) == INSURERS.size());
        } finally {
            if (backlog.waiting() > 0) {
                backlog.done(backlog.waiting());
            }
        }
    }

    @Test
    void inProgressRowIsPolledWithTheInsurersId() throws Exception {
        String requestId = UUID.randomUUID().toString();
        register(requestId, Duration.ofSeconds(60));
        queue("bereza").expectedMinimumMessageCount(1);
        queue("bereza").assertIsSatisfied();
        MockEndpoint.resetMocks(camel);
        queue("bereza").expectedMessageCount(1);

        StateTable.insurerHolds(jdbc, requestId, "bereza", "ext-42", Instant.now());

        queue("bereza").assertIsSatisfied();
        InsurerCall call = onlyCallFor("bereza", requestId);
        assertThat(call.operation()).isEqualTo(InsurerCall.Operation.POLL);
        assertThat(call.externalId()).isEqualTo("ext-42");
        assertThat(call.applicationJson()).isNull();
    }

    @Test
    void claimedRowIsLeftAloneWhileItsLeaseHoldsAndClaimedAgainWhenTheLeaseRunsOut() throws Exception {
        String requestId = UUID.randomUUID().toString();
        queue("bereza").expectedMessageCount(1);
        queue("bereza").setAssertPeriod(500);

        // the call never answers (the insurer route is mocked): nothing clears the lease
        register(requestId, Duration.ofSeconds(60));

        queue("bereza").assertIsSatisfied();
        assertThat(jdbc.queryForObject("""
                select next_poll_at > now() + interval '10 seconds' from insurer_quote
                where request_id = ? and insurer_id = 'bereza'""", Boolean.class, requestId)).as("leased").isTrue();
        MockEndpoint.resetMocks(camel);
        queue("bereza").expectedMessageCount(1);

        // as if the instance that claimed it had died: its lease runs out, and the row is claimed again
        jdbc.update("update insurer_quote set next_poll_at = now() - interval '1 second' where request_id = ? and insurer_id = 'bereza'", requestId);

        queue("bereza").assertIsSatisfied();
        InsurerCall again = onlyCallFor("bereza", requestId);
        assertThat(again.operation()).isEqualTo(InsurerCall.Operation.CREATE);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void rowsPastTheirDeadlineAreNotClaimed() throws Exception {
        // the completion tick would time the late rows out first, and hide a claim that ignores the deadline
        camel.getRouteController().stopRoute("completion");
        try {
            String late = UUID.randomUUID().toString();
            String open = UUID.randomUUID().toString();
            register(late, Duration.ZERO);
            register(open, Duration.ofSeconds(60));

            // the poll that claimed the open request's rows saw the late ones too: they were due first
            await().atMost(Duration.ofSeconds(5)).until(() -> callsFor(open) == INSURERS.size());
            assertThat(callsFor(late)).as("calls for a request past its deadline").isZero();
        } finally {
            camel.getRouteController().startRoute("completion");
        }
    }

    @Test
    void timedOutInsurerHoldingOurApplicationIsPolledAfterTheDeadlineAndItsLateOfferIsStoredNotPublished() throws Exception {
        String requestId = UUID.randomUUID().toString();
        register(requestId, Duration.ofSeconds(1));
        StateTable.insurerHolds(jdbc, requestId, "bereza", "ext-late", Instant.now().plusSeconds(3600));

        // the completion tick completes the request: bereza holds our application, the others never got it
        await().atMost(Duration.ofSeconds(20)).until(() -> "COMPLETED".equals(jdbc.queryForObject(
                "select status from quote_request where request_id = ?", String.class, requestId)));
        Instant deadline = jdbc.queryForObject("select deadline from quote_request where request_id = ?",
                java.sql.Timestamp.class, requestId).toInstant();
        assertThat(jdbc.queryForList("""
                select insurer_id from insurer_quote
                where request_id = ? and status = 'TIMEOUT' and late_poll_until is not null""", String.class, requestId))
                .containsExactly("bereza");
        MockEndpoint.resetMocks(camel);
        jdbc.update("update insurer_quote set next_poll_at = now() where request_id = ?", requestId);

        // claimed again, as a poll whose own deadline is the end of the late window
        await().atMost(Duration.ofSeconds(20)).until(() -> callsFor("bereza", requestId).size() == 1);
        InsurerCall latePoll = callsFor("bereza", requestId).get(0);
        assertThat(latePoll.operation()).isEqualTo(InsurerCall.Operation.POLL);
        assertThat(latePoll.externalId()).isEqualTo("ext-late");
        assertThat(latePoll.deadline()).isAfter(deadline.plus(Duration.ofMinutes(9)));
        assertThat(callsFor("volga", requestId)).isEmpty();

        var published = outcomes.record(List.of(new CallOutcome(latePoll,
                InsurerReply.offer(new Offer("late-offer", new BigDecimal("7345.10"), "RUB", null)), null, Instant.now())));

        assertThat(published).isEmpty();
        Map<String, Object> row = jdbc.queryForMap(
                "select status, late, premium, offer_id, late_poll_until from insurer_quote where request_id = ? and insurer_id = 'bereza'",
                requestId);
        assertThat(row).containsEntry("status", "TIMEOUT").containsEntry("late", true).containsEntry("offer_id", "late-offer");
        assertThat((BigDecimal) row.get("premium")).isEqualByComparingTo("7345.10");
        assertThat(row.get("late_poll_until")).as("late polling ends with the answer").isNull();
        List<String> events = eventTypesOf(requestId);
        assertThat(events).endsWith("COMPLETED").doesNotContain("OFFER");
        assertThat(events).filteredOn("COMPLETED"::equals).hasSize(1);
    }

    @Test
    void latePollingEndsWhenItsWindowDoesAndTheRowIsNeverClaimedAgain() throws Exception {
        String requestId = UUID.randomUUID().toString();
        register(requestId, Duration.ofSeconds(1));
        StateTable.insurerHolds(jdbc, requestId, "bereza", "ext-window", Instant.now().plusSeconds(3600));
        await().atMost(Duration.ofSeconds(20)).until(() -> "COMPLETED".equals(jdbc.queryForObject(
                "select status from quote_request where request_id = ?", String.class, requestId)));
        MockEndpoint.resetMocks(camel);
        // the late window ends in 3 s, sooner than the next late poll would come
        jdbc.update("""
                update insurer_quote set next_poll_at = now(), late_poll_until = now() + interval '3 seconds'
                where request_id = ? and insurer_id = 'bereza'""", requestId);
        await().atMost(Duration.ofSeconds(20)).until(() -> callsFor("bereza", requestId).size() == 1);
        InsurerCall latePoll = callsFor("bereza", requestId).get(0);

        outcomes.record(List.of(new CallOutcome(latePoll, InsurerReply.pending(null), null, Instant.now())));

        Map<String, Object> row = jdbc.queryForMap("""
                select status, late_poll_until, next_poll_at = 'infinity' as never_due
                from insurer_quote where request_id = ? and insurer_id = 'bereza'""", requestId);
        assertThat(row).containsEntry("status", "TIMEOUT").containsEntry("never_due", true);
        assertThat(row.get("late_poll_until")).as("out of insurer_quote_due").isNull();
    }

    private List<String> eventTypesOf(String requestId) {
        return new RequestEvents(connectionFactory, "rs.queue").drain(requestId).stream()
                .map(event -> event.path("type").asText()).toList();
    }

    private List<InsurerCall> callsFor(String insurer, String requestId) {
        return queue(insurer).getReceivedExchanges().stream()
                .flatMap(e -> e.getMessage().getBody(CallBatch.class).calls().stream())
                .filter(c -> c.requestId().equals(requestId)).toList();
    }

    private void register(String requestId, Duration deadlineAfter) {
        registered.add(requestId);
        var request = SampleRequests.valid(requestId, "user-poller", LocalDate.now());
        registry.register(request, "{\"requestId\":\"" + requestId + "\",\"vehicle\":{\"vin\":\"XTA219010K0123456\"}}",
                deadlineAfter, Duration.ZERO);
    }

    private InsurerCall onlyCallFor(String insurer, String requestId) {
        List<InsurerCall> calls = callsFor(insurer, requestId);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    /** Calls the poller handed to the insurers' routes for this request, all insurers together. */
    private int callsFor(String requestId) {
        return INSURERS.stream().mapToInt(insurer -> callsFor(insurer, requestId).size()).sum();
    }

    private MockEndpoint queue(String insurer) {
        return camel.getEndpoint("mock:direct:insurer-" + insurer, MockEndpoint.class);
    }
}
