package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.aggregator.support.TestInsurers;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding an insurer is one file: a copy of garant.yaml (the v2 dialect, prices in kopecks) with a new
 * id, name and URL, dropped in the insurers folder next to the other five, pointing at a sixth stub.
 * Then the whole system runs as users run it (broker, database, stubs, this aggregator, core-app's jar
 * in its own process) and a browser's WebSocket gets the sixth insurer's offer. Its own schema and
 * queues keep the aggregators of other test classes, still running in this JVM, off its requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "osago.deadline=8s",
        "osago.queues.requests=rq.sixth",
        "osago.queues.events=rs.sixth",
        "osago.queues.dead-letter=rq.sixth.dlq"})
@DirtiesContext
class SixthInsurerIT {

    private static final String SIXTH = "sokol";
    private static final String SIXTH_NAME = "Сокол Страхование";
    private static final String SCHEMA = TestDatabase.newSchema();

    private static InsurerStubs sixthStub;
    private static Path insurersDir;
    private static CoreAppProcess coreApp;

    private final ObjectMapper json = OsagoJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", TestBroker::url);
        registry.add("osago.db-schema", () -> SCHEMA);
        registry.add("osago.insurers-dir", () -> insurersWithTheSixth().toString());
    }

    @BeforeAll
    static void startCoreApp() throws Exception {
        coreApp = CoreAppProcess.start(TestDatabase.newSchema(),
                "--osago.core.queues.requests=rq.sixth",
                "--osago.core.queues.events=rs.sixth",
                "--osago.core.queues.events-dead-letter=rs.sixth.DLQ",
                "--osago.core.topics.live=osago.events.live.sixth");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (coreApp != null) {
            coreApp.close();
        }
        if (sixthStub != null) {
            sixthStub.close();
        }
    }

    @Test
    void newInsurerFileAloneBringsItsOfferToTheDriversScreen() throws Exception {
        ObjectNode form = json.valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        form.remove(List.of("requestId", "userId"));

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(coreApp.baseUrl() + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-User-Id", "sixth-driver")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(form))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(created.body());
        Frames frames = new Frames();
        WebSocket socket = http.newWebSocketBuilder().header("Origin", coreApp.baseUrl())
                .buildAsync(URI.create(coreApp.baseUrl().replace("http", "ws") + accepted.path("streamUrl").asText()), frames)
                .get(10, TimeUnit.SECONDS);
        frames.closed.get(30, TimeUnit.SECONDS);

        List<JsonNode> events = frames.events;
        assertThat(events.get(0).path("type").asText()).isEqualTo("ACCEPTED");
        assertThat(events.get(0).path("insurers").findValuesAsText("id"))
                .containsExactlyInAnyOrder("bereza", "dobrynya", "enisey", "garant", "volga", SIXTH);
        JsonNode offer = events.stream()
                .filter(e -> e.path("type").asText().equals("OFFER") && e.path("insurer").asText().equals(SIXTH))
                .findFirst().orElseThrow(() -> new AssertionError("no OFFER from " + SIXTH + " in " + events));
        assertThat(offer.path("insurerName").asText()).isEqualTo(SIXTH_NAME);
        assertThat(offer.path("premium").decimalValue()).isPositive();
        assertThat(offer.path("premium").decimalValue().scale()).isLessThanOrEqualTo(2);
        assertThat(offer.path("currency").asText()).isEqualTo("RUB");
        assertThat(events).filteredOn(e -> e.path("type").asText().equals("COMPLETED")).hasSize(1);
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("COMPLETED");
        assertThat(sixthStub.stats(SIXTH).applicationsCreated()).isEqualTo(1);
        socket.abort();
    }

    /** The five test insurers' files, plus garant's copied under a new id, name and URL: nothing else. */
    private static synchronized Path insurersWithTheSixth() {
        if (insurersDir != null) {
            return insurersDir;
        }
        sixthStub = InsurerStubs.start(List.of(StubConfig.of(SIXTH, Dialect.V2, 0).withDelayMs(300, 300)));
        try (Stream<Path> files = Files.list(TestInsurers.dir())) {
            Path dir = Files.createTempDirectory("insurers-six");
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            String sixth = Files.readString(dir.resolve("garant.yaml"))
                    .replaceAll("(?m)^id: .*$", "id: " + SIXTH)
                    .replaceAll("(?m)^name: .*$", "name: " + SIXTH_NAME)
                    .replaceAll("(?m)^baseUrl: .*$", "baseUrl: " + sixthStub.baseUrl(SIXTH));
            Files.writeString(dir.resolve(SIXTH + ".yaml"), sixth);
            insurersDir = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects the stream's text frames as events until core-app closes it after COMPLETED. */
    private final class Frames implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    events.add(json.readTree(partial.toString()));
                } catch (IOException e) {
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
