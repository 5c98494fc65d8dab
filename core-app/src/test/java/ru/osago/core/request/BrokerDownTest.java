package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestMetrics;
import ru.osago.core.TestRequests;
import ru.osago.model.OsagoJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker is stuck: something accepts connections at its address but never answers (Artemis' client would
 * wait 30 s for it by default). core-app must still answer within its own time limit, with a 503 the page can show.
 */
@CoreAppTest
@TestPropertySource(properties = {
        "spring.artemis.mode=native",
        "spring.artemis.embedded.enabled=false",
        "osago.core.broker.breaker.timeout-ms=500",
        "osago.core.broker.breaker.wait-in-open-seconds=30"})
class BrokerDownTest {

    private static final ServerSocket SILENT_BROKER = silentServer();

    @DynamicPropertySource
    static void stuckBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", () -> "tcp://127.0.0.1:" + SILENT_BROKER.getLocalPort());
    }

    @AfterAll
    static void stop() throws IOException {
        SILENT_BROKER.close();
    }

    /** Accepts every connection and never writes a byte. */
    private static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final ObjectMapper JSON = OsagoJson.mapper();

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestIsA503WithRetryAfterAndAJsonErrorWhenTheBrokerDoesNotAnswerAndTheBreakerThenOpens() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = post();

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
            assertThat(error.path("message").asText()).contains("temporarily unavailable");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
        }

        assertThat(camel.getProcessor("broker-breaker", ResilienceProcessor.class).getCircuitBreakerState()).isEqualTo("OPEN");
        assertThat(post().statusCode()).isEqualTo(503);
        assertThat(TestMetrics.value(port, "osago_core_requests_refused_total", "status=\"503\"")).isEqualTo(5.0);
        assertThat(TestMetrics.value(port, "osago_core_requests_refused_total", "status=\"429\"")).isZero();
    }

    private HttpResponse<String> post() throws Exception {
        return TestRequests.post(http, port);
    }
}
