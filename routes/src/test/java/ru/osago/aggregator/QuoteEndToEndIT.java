package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
        ObjectNode form = json.valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        form.remove(List.of("requestId", "userId"));
        Instant submitted = Instant.now();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(coreApp.baseUrl() + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-User-Id", "e2e-driver")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(form))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(created.body());
        String requestId = accepted.path("requestId").asText();
        Frames frames = new Frames();
        WebSocket socket = http.newWebSocketBuilder().header("Origin", coreApp.baseUrl())
                .buildAsync(URI.create(coreApp.baseUrl().replace("http", "ws") + accepted.path("streamUrl").asText()), frames)
                .get(10, TimeUnit.SECONDS);
        frames.closed.get(30, TimeUnit.SECONDS);

        List<JsonNode> events = frames.events;
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
        // enisey is slower than the deadline, so the deadline completes the request; how soon after it is
        // printed below (a figure, not an assertion on a shared machine)
        assertThat(Instant.parse(events.get(events.size() - 1).path("at").asText())).isAfterOrEqualTo(deadline);
        System.out.printf("e2e %s: submit→first offer %d ms, submit→COMPLETED %d ms (deadline %d ms)%n", requestId,
                Duration.between(submitted, frames.firstOfferAt).toMillis(),
                Duration.between(submitted, frames.completedAt).toMillis(),
                Duration.between(submitted, deadline).toMillis());
        socket.abort();
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

    /** Collects text frames as events, with when the first offer and COMPLETED arrived. */
    private final class Frames implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        volatile Instant firstOfferAt;
        volatile Instant completedAt;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode event = json.readTree(partial.toString());
                    events.add(event);
                    if (firstOfferAt == null && event.path("type").asText().equals("OFFER")) {
                        firstOfferAt = Instant.now();
                    }
                    if (event.path("type").asText().equals("COMPLETED")) {
                        completedAt = Instant.now();
                    }
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
