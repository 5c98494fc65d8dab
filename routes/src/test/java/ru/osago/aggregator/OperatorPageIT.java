package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.BrowserScript;
import ru.osago.aggregator.support.Operators;
import ru.osago.aggregator.support.QuoteTraffic;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator page in a real headless Chromium (playwright-core from {@code routes/src/test/browser}), against this
 * JVM's aggregator on the real broker, database and stub insurers: after a few quotes, an operator forces one
 * insurer's breaker open and switches another off through the API, and the page, signed in as a read-only operator,
 * shows both. Its screenshot goes to {@code routes/target/operator-page.png}; {@code docs/operator-page.png} is a copy of
 * one, kept in the repository (a test run leaves the repository's files alone).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"osago.deadline=8s", "osago.instance-id=operator-page-it", "osago.operator.control-period-ms=300", "osago.operator.sample-period-ms=1000"})
class OperatorPageIT extends AggregatorTestSupport {

    private static final BrowserScript SCRIPT = new BrowserScript(Path.of("routes", "src", "test", "browser"), "operator-page.test.js");
    private static final Path SCREENSHOT = Path.of("routes", "target", "operator-page.png");
    private static final String FORCED_OPEN = "volga";
    private static final String SWITCHED_OFF = "enisey";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void switchBack() {
        jdbc.update("delete from insurer_control");
    }

    @Test
    void operatorPageShowsABreakerForcedOpenAndAnInsurerSwitchedOff() throws Exception {
        SCRIPT.requireTooling();
        try (QuoteTraffic traffic = new QuoteTraffic("rq.queue", "rs.queue")) {
            List<String> ids = traffic.send(4, "operator-page");
            traffic.awaitEvent(ids, "COMPLETED", Duration.ofSeconds(60));
        }
        assertThat(act(FORCED_OPEN + "/breaker/open", "the insurer announced an outage").statusCode()).isEqualTo(200);
        assertThat(act(SWITCHED_OFF + "/disable", "answers after the deadline: switched off until they fix it").statusCode())
                .isEqualTo(200);
        // every instance (here one) obeys and reports within a few of its periods
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode insurers = OsagoJson.mapper().readTree(get("/osago/insurers").body()).path("insurers");
            boolean forced = false;
            boolean off = false;
            for (JsonNode insurer : insurers) {
                forced |= insurer.path("id").asText().equals(FORCED_OPEN) && insurer.path("breaker").path("state").asText().equals("FORCED_OPEN");
                off |= insurer.path("id").asText().equals(SWITCHED_OFF) && !insurer.path("enabled").asBoolean();
            }
            return forced && off;
        });

        Files.deleteIfExists(SCREENSHOT);
        BrowserScript.Run run = SCRIPT.run(Duration.ofMinutes(3), "http://127.0.0.1:" + port,
                Operators.VIEWER, Operators.VIEWER, FORCED_OPEN, SWITCHED_OFF, SCREENSHOT.toString());
        assertThat(run.finished()).as("the browser script did not finish within 3 minutes:%n%s", run.log()).isTrue();
        assertThat(run.exitValue()).as("the browser script failed:%n%s", run.log()).isZero();
        assertThat(run.log()).contains("operator page test passed");
        assertThat(SCREENSHOT).isRegularFile();
    }

    private HttpResponse<String> act(String path, String reason) throws Exception {
        return http.send(Operators.as(Operators.OPERATOR, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/osago/insurers/" + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"" + reason + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(Operators.as(Operators.VIEWER, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
