package ru.osago.aggregator.insurer;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.StateTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deadline holds under overload: far more calls than the insurers' bulkheads let through in time
 * (four of five insurers never answer, so every call to them holds its place until its time limit).
 * Every request still gets exactly one COMPLETED, soon after its deadline, because completion runs on its
 * own timer and never waits for insurer work; the insurers not reached in time end as TIMEOUT (or FAILED,
 * once their circuit breakers open on the time-outs).
 * The whole real route set runs (poller, insurer routes, outcome batches, completion), over a scripted
 * network.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {"osago.polling.period-ms=50", "osago.completion.period-ms=100"})
@Import(ScriptedInsurers.Config.class)
@DirtiesContext
class OverloadRouteTest extends AggregatorTestSupport {

    private static final int REQUESTS = 300;
    private static final Duration DEADLINE = Duration.ofSeconds(4);
    /** Generous on purpose: the claim is "at the deadline, not after the insurers' work", on a shared machine. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    @Autowired
    CamelContext camel;
    @Autowired
    RequestRegistry registry;
    @Autowired
    ScriptedInsurers scripted;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    @AfterEach
    void answerAgain() {
        scripted.resetAll();
    }

    @Test
    void everyRequestIsCompletedOnceAtItsDeadlineWhileInsurersAreSwamped() throws Exception {
        DialectAnswers standard = new DialectAnswers(InsurerSettings.Api.STANDARD);
        scripted.of("bereza").answer(request -> ScriptedInsurer.respond(200, "POST".equals(request.method())
                ? standard.created("ext-b") : standard.offer("offer-b", new java.math.BigDecimal("5000.00"), null)).to(request));
        for (String silent : List.of("dobrynya", "enisey", "garant", "volga")) {
            scripted.of(silent).answer(ScriptedInsurer.hang());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add(register());
        }

        await().atMost(DEADLINE.plus(SLACK).plusSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from quote_request where request_id = any(?) and status = 'COMPLETED'",
                Integer.class, (Object) ids.toArray(String[]::new)) == REQUESTS);

        assertThat(jdbc.queryForObject("""
                select count(*) from quote_request where request_id = any(?)
                and completed_at > deadline + make_interval(secs => ?)""", Integer.class,
                ids.toArray(String[]::new), SLACK.toSeconds())).as("completed long after the deadline").isZero();
        // never answered: TIMEOUT, or FAILED once their breakers opened on the time-outs; none left open
        assertThat(jdbc.queryForList("""
                select distinct status from insurer_quote where request_id = any(?) and insurer_id <> 'bereza'""",
                String.class, (Object) ids.toArray(String[]::new))).contains("TIMEOUT").isSubsetOf("TIMEOUT", "FAILED");
        Map<String, Integer> completedEvents = completedEventsOf(ids);
        assertThat(completedEvents).hasSize(REQUESTS);
        assertThat(completedEvents.values()).allMatch(n -> n == 1);
    }

    private String register() {
        return StateTable.register(registry, "overload-test", DEADLINE, Duration.ZERO).requestId();
    }

    /** COMPLETED events per request on rs.queue. */
    private Map<String, Integer> completedEventsOf(Set<String> ids) {
        Map<String, Integer> completed = new HashMap<>();
        new RequestEvents(connectionFactory, "rs.queue").drain(ids).forEach((id, events) -> events.stream()
                .filter(event -> event.path("type").asText().equals("COMPLETED"))
                .forEach(event -> completed.merge(id, 1, Integer::sum)));
        return completed;
    }
}
