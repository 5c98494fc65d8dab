package ru.osago.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.osago.aggregator.support.AggregatorProcess;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.QuoteTraffic;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.aggregator.support.QuoteAssertions.INSURERS;
import static ru.osago.aggregator.support.QuoteAssertions.assertCompleteAndConsistent;
import static ru.osago.aggregator.support.QuoteAssertions.query;

/**
 * SIGTERM (what {@code run.sh}, systemd or Kubernetes send) to the real processes: each application exits within
 * 20 seconds, and the aggregator loses nothing on the way. Requests still in rq.queue stay there; calls in
 * flight are finished or handed back through their rows' leases; outcomes in the record-outcomes batch are
 * recorded before the database pool closes. After a restart every request sent gets exactly one COMPLETED.
 */
class GracefulShutdownIT {

    private static final int REQUESTS = 30;
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = OsagoJson.mapper();

    @Test
    void aggregatorStopsWithinTwentySecondsMidQuoteAndARestartCompletesEveryRequestOnce() throws Exception {
        AggregatorProcess.Setup setup = AggregatorProcess.Setup.isolated(DEADLINE);
        try (QuoteTraffic traffic = new QuoteTraffic(setup.requests(), setup.events())) {
            List<String> ids;
            Duration stopped;
            String log;
            try (AggregatorProcess first = AggregatorProcess.start("first", setup)) {
                ids = traffic.send(REQUESTS, "user-sigterm");
                // some accepted with their insurer calls under way, the rest still being taken from rq.queue
                traffic.awaitEvent(ids.subList(0, 3), "ACCEPTED", Duration.ofSeconds(60));
                stopped = first.terminate(Duration.ofSeconds(60));
                log = first.logTail();
            }
            System.out.printf("aggregator: SIGTERM with %d requests in flight, exited after %s%n", REQUESTS, stopped);
            assertThat(stopped).as("the aggregator exits within %s of SIGTERM; its log:%n%s", STOP_LIMIT, log)
                    .isNotNull().isLessThan(STOP_LIMIT);

            try (AggregatorProcess restarted = AggregatorProcess.start("restarted", setup)) {
                traffic.awaitEvent(ids, "COMPLETED", DEADLINE.plusSeconds(90));
                Thread.sleep(1500); // anything after COMPLETED would show up now
            }

            ids.forEach(id -> assertCompleteAndConsistent(id, traffic.eventsOf(id), INSURERS.size()));
            assertThat(query(setup.schema(), """
                    select count(*) as n from insurer_quote where status in ('CREATED', 'IN_PROGRESS')
                    union all select count(*) from quote_request where status <> 'COMPLETED'"""))
                    .extracting(row -> ((Number) row.get("n")).longValue()).containsOnly(0L);
        }
    }

    @Test
    void coreAppStopsWithinTwentySecondsWithStreamsOpen() throws Exception {
        String requests = "rq.it." + UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        Duration stopped;
        String log;
        try (CoreAppProcess coreApp = CoreAppProcess.start(TestDatabase.newSchema(),
                "--osago.core.queues.requests=" + requests, "--osago.core.client-info.url=http://127.0.0.1:9")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = coreApp.submitDemoRequest(http, "user-sigterm-" + i);
                assertThat(response.statusCode()).isEqualTo(202);
                JsonNode accepted = JSON.readTree(response.body());
                // a browser's Server-Sent Events stream, open until the quote ends: a graceful stop must not wait for it
                streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(coreApp.baseUrl() + accepted.path("eventsUrl").asText()))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.discarding()));
            }
            Thread.sleep(500);
            stopped = coreApp.terminate(Duration.ofSeconds(60));
            log = coreApp.logTail();
        }
        streams.forEach(stream -> stream.cancel(true));
        System.out.printf("core-app: SIGTERM with %d streams open, exited after %s%n", streams.size(), stopped);
        assertThat(stopped).as("core-app exits within %s of SIGTERM; its log:%n%s", STOP_LIMIT, log)
                .isNotNull().isLessThan(STOP_LIMIT);
    }
}
