package ru.osago.core.client;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;
import ru.osago.core.LogCapture;
import ru.osago.core.TestRequests;
import ru.osago.model.OsagoJson;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * client-info is the real stub over HTTP: while it answers, GET /api/osago/client gives the user's name and KBM;
 * once it is down, that is a 204, quotes are still accepted and queued, and the breaker stops asking.
 */
@CoreAppTest
// a generous time limit: the point here is what happens with and without an answer, not how fast it comes
@TestPropertySource(properties = {"osago.core.client-info.breaker.minimum-number-of-calls=3",
        "osago.core.client-info.breaker.timeout-ms=5000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientInfoLookupTest {

    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final String TRANSITIONS = "ru.osago.core.resilience.BreakerTransitionLog";
    private static final InsurerStubs CLIENT_INFO = InsurerStubs.start(List.of(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0)));

    @DynamicPropertySource
    static void clientInfo(DynamicPropertyRegistry registry) {
        registry.add("osago.core.client-info.url", () -> CLIENT_INFO.baseUrl("client-info"));
    }

    @AfterAll
    static void stop() {
        CLIENT_INFO.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void clientEndpointGivesTheUsersNameAndKbmFromClientInfoAndTheQuoteDoesNotWaitForThem() throws Exception {
        HttpResponse<String> response = getClient("ivan-petrov");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode client = JSON.readTree(response.body());
        assertThat(client.path("fullName").asText()).isNotBlank();
        assertThat(client.path("kbm").decimalValue()).isEqualByComparingTo("1.0");
        assertThat(client.has("phone")).isFalse();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, max-age=300");
        assertThat(JSON.readTree(post("ivan-petrov").body()).has("client")).isFalse();
    }

    @Test
    @Order(2)
    void clientInfoDownGives204AndTheBreakerThenSkipsItWhileQuotesAreStillAcceptedAndQueued() throws Exception {
        CLIENT_INFO.close();
        ListAppender<ILoggingEvent> log = LogCapture.capture("client-info");
        ListAppender<ILoggingEvent> transitions = LogCapture.capture(TRANSITIONS);

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> client = getClient("anna-" + i);
            assertThat(client.statusCode()).isEqualTo(204);
            assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-store");

            HttpResponse<String> response = post("anna-" + i);
            assertThat(response.statusCode()).isEqualTo(202);
            String requestId = JSON.readTree(response.body()).path("requestId").asText();
            jms.setReceiveTimeout(10_000);
            Message queued = jms.receiveSelected("rq.queue", "JMSCorrelationID = '" + requestId + "'");
            assertThat(queued).isNotNull();
        }
        assertThat(camel.getProcessor("client-info-breaker", ResilienceProcessor.class).getCircuitBreakerState()).isEqualTo("OPEN");
        // each look-up that was made says why it failed; those the open breaker skipped add no warning
        LogCapture.release("client-info", log);
        assertThat(LogCapture.warnings(log)).isNotEmpty().hasSizeLessThan(4).allSatisfy(line -> assertThat(line)
                .matches("client-info unavailable for anna-[0-2]: .*\\S.*"));
        // ... and the log says once that the breaker opened
        LogCapture.release(TRANSITIONS, transitions);
        assertThat(LogCapture.warnings(transitions)).singleElement().asString()
                .startsWith("Circuit breaker client-info-breaker opened (CLOSED -> OPEN)");
    }

    private HttpResponse<String> getClient(String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/client"))
                .header("X-User-Id", user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String user) throws Exception {
        return TestRequests.post(http, port, user);
    }
}
