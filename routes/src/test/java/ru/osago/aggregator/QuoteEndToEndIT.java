package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.EventStreamClient;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole quote flow on real parts, as a browser sees it: POST to core-app (its packaged jar, a
 * process of its own) → rq.queue on a real Artemis broker → this JVM's aggregator → five stub
 * insurers over real HTTP → events back through rs.queue → core-app → a real WebSocket client.
 * The deadline is 8 s here instead of 60 s so the test does not wait a minute.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "osago.deadline=8s")
class QuoteEndToEndIT extends AggregatorTestSupport {

    private static CoreAppProcess coreApp;
    @Value("${osago.completion.ahead}")
    Duration completionAhead;
    private final ObjectMapper json = OsagoJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCoreApp() throws Exception {
        coreApp = CoreAppProcess.start(TestDatabase.newSchema());
    }

    @AfterAll
    static void stopCoreApp() throws Exception {
        if (coreApp != null) {
            coreApp.close();
        }
    }

    @Test
    void browserSeesAcceptedThenOffersOneByOneThenFailuresAndExactlyOneCompleted() throws Exception {
        Instant submitted = Instant.now();

        HttpResponse<String> created = coreApp.submitDemoRequest(http, "e2e-driver");

        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(created.body());
        String requestId = accepted.path("requestId").asText();
        try (EventStreamClient stream = EventStreamClient.open(http, coreApp.baseUrl(), accepted.path("streamUrl").asText())) {
            stream.awaitClose(Duration.ofSeconds(30));
            assertStreamedLiveAndCompletedOnce(stream, requestId, submitted);
        }
    }

    private void assertStreamedLiveAndCompletedOnce(EventStreamClient stream, String requestId, Instant submitted) {
        List<JsonNode> events = stream.events();
        assertThat(events).allMatch(e -> e.path("requestId").asText().equals(requestId));
        assertThat(events.get(0).path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("COMPLETED");
        assertThat(events).filteredOn(e -> e.path("type").asText().equals("COMPLETED")).hasSize(1);
        assertThat(events).extracting(e -> e.path("eventId").asText()).doesNotHaveDuplicates();
        Map<String, String> outcome = events.stream().filter(e -> e.has("insurer"))
                .collect(Collectors.toMap(e -> e.path("insurer").asText(), e -> e.path("type").asText()));
        assertThat(outcome).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bereza", "OFFER", "volga", "OFFER", "garant", "OFFER",
                "dobrynya", "INSURER_FAILED", "enisey", "INSURER_TIMEOUT"));
        // offers stream in as each insurer answers: the fast one long before the deadline, in arrival order
        Instant deadline = Instant.parse(events.get(0).path("deadline").asText());
        JsonNode fastest = events.stream().filter(e -> e.path("insurer").asText().equals("bereza")).findFirst().orElseThrow();
        assertThat(events.indexOf(fastest)).isLessThan(indexOf(events, "garant"));
        assertThat(Instant.parse(fastest.path("at").asText())).isBefore(Instant.parse(events.get(indexOf(events, "garant")).path("at").asText()));
        // enisey is slower than the deadline, so the deadline completes the request (decided up to
        // osago.completion.ahead before it, never sooner); how soon it arrives is printed below (a figure,
        // not an assertion on a shared machine)
        assertThat(Instant.parse(events.get(events.size() - 1).path("at").asText())).isAfterOrEqualTo(deadline.minus(completionAhead));
        System.out.printf("e2e %s: submit→first offer %d ms, submit→COMPLETED %d ms (deadline %d ms)%n", requestId,
                Duration.between(submitted, stream.firstOfferAt()).toMillis(),
                Duration.between(submitted, stream.completedAt()).toMillis(),
                Duration.between(submitted, deadline).toMillis());
    }

    @Test
    void invalidFormIsAnsweredWithFieldErrorsAndNothingIsSent() throws Exception {
        ObjectNode form = json.valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        ((ObjectNode) form.path("vehicle")).put("vin", "XTA21901OK0123456");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(coreApp.baseUrl() + "/api/osago/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(form))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("vehicle.vin");
    }

    private static int indexOf(List<JsonNode> events, String insurer) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("insurer").asText().equals(insurer)) {
                return i;
            }
        }
        return -1;
    }
}
