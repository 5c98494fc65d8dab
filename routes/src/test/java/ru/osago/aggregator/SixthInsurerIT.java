package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.EventStreamClient;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.aggregator.support.TestInsurers;
import ru.osago.model.OsagoJson;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        HttpResponse<String> created = coreApp.submitDemoRequest(http, "sixth-driver");
        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(created.body());
        List<JsonNode> events;
        try (EventStreamClient stream = EventStreamClient.open(http, coreApp.baseUrl(), accepted.path("streamUrl").asText())) {
            stream.awaitClose(Duration.ofSeconds(30));
            events = stream.events();
        }

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
}
