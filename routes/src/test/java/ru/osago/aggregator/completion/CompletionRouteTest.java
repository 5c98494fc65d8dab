package ru.osago.aggregator.completion;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.insurer.InsurerClient;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.state.OutboundEvent;
import ru.osago.aggregator.state.OutcomeLedger;
import ru.osago.aggregator.state.RequestCompletion;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RouteTimers;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.StateTable;
import ru.osago.model.Offer;
import ru.osago.model.OsagoJson;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Completion on the real state table and broker: a request whose insurers have all answered completes at
 * once with the right summary, before its deadline, also when many requests' answers come at once and are
 * recorded by parallel writers; and however many callers race to complete a request
 * (the batch that records its last answer, the deadline tick of one or two instances), exactly one does;
 * and events committed but never sent (the instance died in between) are sent by the event relay.
 * The offer poller and the completion tick are switched off so each test decides who completes what.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"osago.events.relay-period-ms=200", "osago.events.relay-after=3s"})
@UseAdviceWith
@DirtiesContext
class CompletionRouteTest extends AggregatorTestSupport {

    private static final List<String> INSURERS = List.of("bereza", "dobrynya", "enisey", "garant", "volga");

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    RequestRegistry registry;
    @Autowired
    OutcomeLedger outcomes;
    @Autowired
    RequestCompletion completion;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${osago.completion.ahead}")
    Duration ahead;

    @BeforeEach
    void switchOffTheTimersOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        RouteTimers.switchOff(camel, "offer-poller", "completion");
        camel.start();
    }

    @Test
    void everyInsurerFinalBeforeTheDeadlineCompletesAtOnceWithTheSummary() {
        RequestRegistry.Registration request = register(Duration.ofMinutes(10));
        NotifyBuilder recorded = new NotifyBuilder(camel).fromRoute("record-outcomes").whenDone(5).create();

        // the answers arrive one by one, as the insurers' calls end; the Aggregator batches them
        answer(request, "bereza", InsurerReply.offer(offer("b-1", "6100.00")));
        answer(request, "volga", InsurerReply.offer(offer("v-1", "5900.50")));
        answer(request, "garant", InsurerReply.declined("vehicle too old"));
        answer(request, "dobrynya", InsurerReply.failed("the insurer refused our create request: HTTP 422"));
        answer(request, "enisey", InsurerReply.unavailable());

        assertThat(recorded.matches(20, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> events = new RequestEvents(connectionFactory, "rs.queue")
                .until(request.requestId(), "COMPLETED", Duration.ofSeconds(20));
        JsonNode completed = events.get(events.size() - 1);
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactlyInAnyOrder("ACCEPTED", "OFFER", "OFFER", "INSURER_DECLINED", "INSURER_FAILED", "INSURER_FAILED", "COMPLETED");
        assertThat(events).extracting(e -> e.path("seq").asLong()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(completed.path("seq").asLong()).isEqualTo(7);
        JsonNode summary = completed.path("summary");
        assertThat(summary.path("insurers").asInt()).isEqualTo(5);
        assertThat(summary.path("offers").asInt()).isEqualTo(2);
        assertThat(summary.path("declined").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isEqualTo(2);
        assertThat(summary.path("timedOut").asInt()).isZero();
        assertThat(summary.path("bestInsurer").asText()).isEqualTo("volga");
        assertThat(summary.path("bestPremium").decimalValue()).isEqualByComparingTo("5900.50");
        assertThat(jdbc.queryForObject("select status from quote_request where request_id = ?", String.class, request.requestId()))
                .isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from event_outbox where position(? in events) > 0", Integer.class,
                request.requestId())).as("sent events leave the outbox").isZero();
    }

    @Test
    void answersOfManyRequestsArrivingAtOnceAreSharedByTheWritersAndEachRequestCompletesOnceInOrder() throws Exception {
        List<RequestRegistry.Registration> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(register(Duration.ofMinutes(10)));
        }
        NotifyBuilder recorded = new NotifyBuilder(camel).fromRoute("record-outcomes").whenDone(requests.size() * INSURERS.size()).create();

        // every answer at once, from several threads, as the HTTP client's I/O threads deliver them: the batches
        // hold many requests, which the writers (osago.outcomes.writers) record in parallel transactions
        ExecutorService ioThreads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (RequestRegistry.Registration request : requests) {
                for (String insurer : INSURERS) {
                    InsurerReply reply = insurer.equals("garant") ? InsurerReply.declined("no") : InsurerReply.offer(offer(insurer, "5000.00"));
                    sent.add(ioThreads.submit(() -> answer(request, insurer, reply)));
                }
            }
            for (Future<?> one : sent) {
                one.get(20, TimeUnit.SECONDS);
            }
        } finally {
            ioThreads.shutdown();
        }

        assertThat(recorded.matches(30, TimeUnit.SECONDS)).isTrue();
        for (RequestRegistry.Registration request : requests) {
            List<JsonNode> events = new RequestEvents(connectionFactory, "rs.queue")
                    .until(request.requestId(), "COMPLETED", Duration.ofSeconds(20));
            events.addAll(new RequestEvents(connectionFactory, "rs.queue").drain(request.requestId()));
            assertThat(events).extracting(e -> e.path("type").asText()).as(request.requestId())
                    .containsExactlyInAnyOrder("ACCEPTED", "OFFER", "OFFER", "OFFER", "OFFER", "INSURER_DECLINED", "COMPLETED");
            assertThat(events).extracting(e -> e.path("seq").asLong()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("COMPLETED")).findFirst().orElseThrow()
                    .path("seq").asLong()).isEqualTo(7);
        }
    }

    @Test
    void whenTheLastAnswerAndTwoDeadlineTicksRaceEachRequestIsCompletedExactlyOnce() throws Exception {
        List<RequestRegistry.Registration> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RequestRegistry.Registration request = register(Duration.ZERO);
            for (String insurer : INSURERS.subList(1, INSURERS.size())) {
                outcomes.record(List.of(outcome(request, insurer, InsurerReply.declined("no"))));
            }
            requests.add(request);
        }
        List<CallOutcome> lastAnswers = requests.stream()
                .map(r -> outcome(r, "bereza", InsurerReply.offer(offer("last", "5000.00")))).toList();
        CyclicBarrier start = new CyclicBarrier(3);
        List<Callable<List<OutboundEvent>>> racers = List.of(
                () -> { start.await(); return outcomes.record(lastAnswers); },
                () -> { start.await(); return completion.completeOverdue(1000); },
                () -> { start.await(); return completion.completeOverdue(1000); });

        List<OutboundEvent> decided = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (Future<List<OutboundEvent>> result : threads.invokeAll(racers)) {
                decided.addAll(result.get());
            }
        } finally {
            threads.shutdown();
        }

        for (RequestRegistry.Registration request : requests) {
            List<OutboundEvent> own = decided.stream().filter(e -> e.requestId().equals(request.requestId())).toList();
            assertThat(own).filteredOn(e -> e.type().equals("COMPLETED")).as(request.requestId()).hasSize(1);
            assertThat(own).extracting(OutboundEvent::eventId).doesNotHaveDuplicates();
            long lastSeq = jdbc.queryForObject("select event_seq from quote_request where request_id = ? and status = 'COMPLETED'",
                    Long.class, request.requestId());
            // ACCEPTED and four declines before the race, then what the race decided: no gap, nothing twice
            assertThat(lastSeq).isEqualTo(5 + own.size());
            assertThat(jdbc.queryForObject("""
                    select count(*) from insurer_quote where request_id = ? and status in ('CREATED', 'IN_PROGRESS')""",
                    Integer.class, request.requestId())).isZero();
        }
    }

    @Test
    void theDeadlineTickCompletesWhatFallsDueWithinItsLeadAndNothingSooner() throws Exception {
        // the tick decides ahead of the deadline so that the COMPLETED is delivered by it; an insurer is
        // cut short by at most that lead, and a request further from its deadline is left alone
        RequestRegistry.Registration dueWithinLead = register(ahead.dividedBy(2));
        RequestRegistry.Registration dueLater = register(ahead.plusSeconds(20));

        List<OutboundEvent> decided = completion.completeOverdue(1000);

        List<JsonNode> own = new ArrayList<>();
        for (OutboundEvent event : decided) {
            if (event.requestId().equals(dueWithinLead.requestId())) {
                own.add(OsagoJson.mapper().readTree(event.json()));
            }
        }
        assertThat(own).extracting(e -> e.path("type").asText()).containsExactly(
                "INSURER_TIMEOUT", "INSURER_TIMEOUT", "INSURER_TIMEOUT", "INSURER_TIMEOUT", "INSURER_TIMEOUT", "COMPLETED");
        Instant decidedAt = Instant.parse(own.get(own.size() - 1).path("at").asText());
        assertThat(decidedAt).isBetween(dueWithinLead.deadline().minus(ahead), dueWithinLead.deadline().plusSeconds(20));
        assertThat(decided).noneMatch(e -> e.requestId().equals(dueLater.requestId()));
        assertThat(jdbc.queryForObject("select status from quote_request where request_id = ?", String.class, dueLater.requestId()))
                .isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("select count(*) from insurer_quote where request_id = ? and status = 'CREATED'",
                Integer.class, dueLater.requestId())).isEqualTo(INSURERS.size());
    }

    @Test
    void eventsCommittedButNeverSentAreSentByTheRelay() {
        RequestRegistry.Registration request = register(Duration.ofMinutes(10));

        // recorded and committed, but the process "dies" before the send: nothing reaches the broker
        List<OutboundEvent> committed = outcomes.record(List.of(outcome(request, "volga", InsurerReply.offer(offer("v-9", "6400.00")))));

        assertThat(committed).extracting(OutboundEvent::type).containsExactly("OFFER");
        long row = committed.get(0).outboxRow();
        assertThat(jdbc.queryForObject("select json_array_length(events::json) from event_outbox where id = ?", Integer.class, row))
                .as("the batch's one row").isEqualTo(1);
        List<JsonNode> events = new RequestEvents(connectionFactory, "rs.queue").until(request.requestId(), "OFFER", Duration.ofSeconds(30));
        JsonNode offer = events.get(events.size() - 1);
        assertThat(offer.path("eventId").asText()).isEqualTo(committed.get(0).eventId());
        assertThat(offer.path("seq").asLong()).isEqualTo(2);
        assertThat(offer.path("premium").decimalValue()).isEqualByComparingTo("6400.00");
        // the relay deletes the rows in its own transaction once the broker has them, a moment after the send
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from event_outbox where id = ?", Integer.class, row) == 0);
    }

    private void answer(RequestRegistry.Registration request, String insurer, InsurerReply reply) {
        producer.sendBody(InsurerClient.OUTCOMES, outcome(request, insurer, reply));
    }

    private static CallOutcome outcome(RequestRegistry.Registration request, String insurer, InsurerReply reply) {
        InsurerCall call = new InsurerCall(request.requestId(), insurer, InsurerCall.Operation.POLL, "ext-" + insurer,
                null, 2, 0, request.deadline());
        return new CallOutcome(call, reply, null, Instant.now());
    }

    private static Offer offer(String id, String premium) {
        return new Offer(id, new BigDecimal(premium), "RUB", Instant.now().plus(Duration.ofDays(30)));
    }

    private RequestRegistry.Registration register(Duration deadlineAfter) {
        return StateTable.register(registry, "completion-test", deadlineAfter, Duration.ofHours(1));
    }
}
