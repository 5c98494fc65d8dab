package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jms.core.JmsTemplate;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.Operators;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.TestInsurers;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;
import ru.osago.stubs.StubStats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator on real parts: a request on the real rq.queue, insurers as real HTTP stubs in both
 * dialects, state in PostgreSQL, events read back from the real rs.queue. The deadline is shortened
 * to 6 s so that the slow insurer's TIMEOUT comes within the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "osago.deadline=6s")
class AggregatorFlowIT extends AggregatorTestSupport {

    private final ObjectMapper json = OsagoJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JmsTemplate jms;
    @Value("${local.server.port}")
    int port;
    @Value("${osago.completion.ahead}")
    Duration completionAhead;

    @BeforeEach
    void drainEvents() {
        jms.setReceiveTimeout(100);
        while (jms.receive("rs.queue") != null) {
            // events of earlier tests
        }
    }

    @Test
    void requestGetsOffersFailureAndTimeoutThenExactlyOneCompletedByTheDeadline() throws Exception {
        String requestId = UUID.randomUUID().toString();
        Map<String, Long> applicationsBefore = applicationsCreated();

        send(requestId);
        List<JsonNode> events = eventsUntilCompleted(requestId, Duration.ofSeconds(20));

        assertThat(events.get(0).path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(events).extracting(e -> e.path("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        Map<String, String> outcome = events.stream().filter(e -> e.has("insurer"))
                .collect(Collectors.toMap(e -> e.path("insurer").asText(), e -> e.path("type").asText()));
        assertThat(outcome).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bereza", "OFFER", "volga", "OFFER", "garant", "OFFER",
                "dobrynya", "INSURER_FAILED", "enisey", "INSURER_TIMEOUT"));
        JsonNode completed = events.get(events.size() - 1);
        assertThat(completed.path("type").asText()).isEqualTo("COMPLETED");
        assertThat(events).filteredOn(e -> e.path("type").asText().equals("COMPLETED")).hasSize(1);
        assertThat(completed.path("summary").path("offers").asInt()).isEqualTo(3);
        // enisey is slower than the deadline: the request completes because of the deadline, decided at
        // most osago.completion.ahead before it (how soon is a figure for the benchmark, not an assertion
        // on a shared machine)
        Instant deadline = Instant.parse(events.get(0).path("deadline").asText());
        assertThat(Instant.parse(completed.path("at").asText())).isAfterOrEqualTo(deadline.minus(completionAhead));
        // each offer is sent as it arrives, not at the end: the fast insurer's before the slow one's
        assertThat(events.indexOf(offerOf(events, "bereza"))).isLessThan(events.indexOf(offerOf(events, "garant")));
        assertThat(Instant.parse(offerOf(events, "bereza").path("at").asText()))
                .isBefore(Instant.parse(offerOf(events, "garant").path("at").asText()));
        // garant speaks kopecks: the event is in roubles (an OSAGO premium is thousands, not hundreds of thousands)
        java.math.BigDecimal premium = offerOf(events, "garant").path("premium").decimalValue();
        assertThat(premium).isBetween(new java.math.BigDecimal("1000"), new java.math.BigDecimal("50000"));
        assertThat(premium.movePointRight(2).stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
        assertThat(offerOf(events, "garant").path("currency").asText()).isEqualTo("RUB");
        // one application per insurer, however often it was polled
        Map<String, Long> applicationsAfter = applicationsCreated();
        for (String insurer : List.of("bereza", "volga", "garant", "enisey")) {
            assertThat(applicationsAfter.get(insurer) - applicationsBefore.get(insurer)).as(insurer).isEqualTo(1);
        }
    }

    @Test
    void statusApiShowsEveryInsurerAndAnUnknownIdIsNotFound() throws Exception {
        String requestId = UUID.randomUUID().toString();
        send(requestId);
        eventsUntilCompleted(requestId, Duration.ofSeconds(20));

        HttpResponse<String> found = get("/osago/requests/" + requestId);
        HttpResponse<String> unknown = get("/osago/requests/no-such-request");

        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(found.body());
        assertThat(status.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.path("insurers")).hasSize(5);
        // instants as ISO-8601 text, as in the events (OsagoJson), not as numbers
        assertThat(Instant.parse(status.path("completedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(status.path("acceptedAt").asText()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown request");
    }

    @Test
    void everyCallToEveryInsurerIsKeptForAuditAsSentAndReceived() throws Exception {
        String requestId = UUID.randomUUID().toString();
        send(requestId);
        eventsUntilCompleted(requestId, Duration.ofSeconds(20));

        HttpResponse<String> found = get("/osago/requests/" + requestId + "/exchanges");

        assertThat(found.statusCode()).isEqualTo(200);
        List<JsonNode> calls = new ArrayList<>();
        json.readTree(found.body()).forEach(calls::add);
        // the application to each insurer, in its own dialect, as it went over the wire; only the failing
        // insurer's POST is repeated (by the retry policy, with the same Idempotency-Key)
        Map<String, Long> creates = calls.stream().filter(c -> c.path("operation").asText().equals("CREATE"))
                .collect(Collectors.groupingBy(c -> c.path("insurer").asText(), Collectors.counting()));
        assertThat(creates).containsEntry("bereza", 1L).containsEntry("volga", 1L).containsEntry("garant", 1L)
                .containsEntry("enisey", 1L).containsKey("dobrynya");
        assertThat(calls).filteredOn(c -> c.path("insurer").asText().equals("dobrynya"))
                .extracting(c -> c.path("responseStatus").asInt()).containsOnly(500);
        // volga's POST says when its offer will be ready (Retry-After): asked for it once, then, instead of at its
        // firstDelayMs (300) for a "pending" first
        assertThat(calls).filteredOn(c -> c.path("insurer").asText().equals("volga"))
                .extracting(c -> c.path("operation").asText() + " " + c.path("outcome").asText())
                .containsExactlyInAnyOrder("CREATE CREATED", "POLL OFFER");
        JsonNode garantCreate = call(calls, "garant", "CREATE", "CREATED");
        assertThat(garantCreate.path("method").asText()).isEqualTo("POST");
        assertThat(garantCreate.path("path").asText()).isEqualTo("/api/v2/quotes");
        assertThat(garantCreate.path("requestBody").asText()).contains("\"regNumber\"", "\"multidrive\"");
        assertThat(garantCreate.path("responseStatus").asInt()).isEqualTo(200);
        // the answer that carried the offer, as received (kopecks), and what we made of it
        JsonNode garantOffer = call(calls, "garant", "POLL", "OFFER");
        assertThat(garantOffer.path("method").asText()).isEqualTo("GET");
        assertThat(garantOffer.path("responseBody").asText()).contains("priceKopecks");
        // a failing insurer: every 500 is on record, with the reason
        JsonNode failure = call(calls, "dobrynya", "CREATE", "RETRY");
        assertThat(failure.path("responseStatus").asInt()).isEqualTo(500);
        assertThat(failure.path("reason").asText()).contains("500");
        assertThat(get("/osago/requests/no-such-request/exchanges").statusCode()).isEqualTo(404);
    }

    private static JsonNode call(List<JsonNode> calls, String insurer, String operation, String outcome) {
        return calls.stream().filter(c -> c.path("insurer").asText().equals(insurer)
                        && c.path("operation").asText().equals(operation) && c.path("outcome").asText().equals(outcome))
                .findFirst().orElseThrow(() -> new AssertionError("no " + operation + " → " + outcome + " of " + insurer + " in " + calls));
    }

    private void send(String requestId) throws Exception {
        String body = json.writeValueAsString(SampleRequests.valid(requestId, "user-it", LocalDate.now()));
        jms.send("rq.queue", session -> {
            TextMessage message = session.createTextMessage(body);
            message.setJMSCorrelationID(requestId);
            return message;
        });
    }

    private List<JsonNode> eventsUntilCompleted(String requestId, Duration limit) {
        RequestEvents events = new RequestEvents(jms.getConnectionFactory(), "rs.queue");
        List<JsonNode> untilCompleted = events.until(requestId, "COMPLETED", limit);
        // anything after COMPLETED would be a bug: look a little longer
        assertThat(events.drain(requestId)).as("events after COMPLETED").isEmpty();
        return untilCompleted;
    }

    private static JsonNode offerOf(List<JsonNode> events, String insurer) {
        return events.stream().filter(e -> e.path("type").asText().equals("OFFER") && e.path("insurer").asText().equals(insurer))
                .findFirst().orElseThrow();
    }

    private static Map<String, Long> applicationsCreated() {
        return TestInsurers.stubs().stats().stream().collect(Collectors.toMap(StubStats::id, StubStats::applicationsCreated));
    }

    private HttpResponse<String> get(String path) throws Exception {
        // the status and audit API is for operators: a read-only one here
        return http.send(Operators.as(Operators.VIEWER, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
