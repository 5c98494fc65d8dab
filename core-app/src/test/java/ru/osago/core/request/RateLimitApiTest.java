package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestMetrics;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@CoreAppTest
@TestPropertySource(properties = {"osago.core.rate-limit.requests-per-window=2", "osago.core.rate-limit.window=1h"})
class RateLimitApiTest {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestBeyondTheUsersBudgetIs429WithRetryAfterAndAJsonError() throws Exception {
        String user = "busy-" + UUID.randomUUID();
        double refusedBefore = TestMetrics.value(port, "osago_core_requests_refused_total", "status=\"429\"");
        assertThat(post(user).statusCode()).isEqualTo(400);
        assertThat(post(user).statusCode()).isEqualTo(400);

        HttpResponse<String> refused = post(user);

        assertThat(refused.statusCode()).isEqualTo(429);
        // 2 per hour: the next token comes within 30 minutes
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 1800L));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = JSON.readTree(refused.body()).path("errors").get(0);
        assertThat(error.path("message").asText()).startsWith("too many requests");
        assertThat(post("someone-else-" + UUID.randomUUID()).statusCode()).isEqualTo(400);
        assertThat(TestMetrics.value(port, "osago_core_requests_refused_total", "status=\"429\"")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void anonymousUsersHaveABudgetPerClientAddressNotOneForAll() throws Exception {
        // the page sends no X-User-Id; a trusted proxy (here: loopback) names the client in X-Forwarded-For
        String busyClient = "203.0.113." + (1 + (int) (Math.random() * 250));
        String otherClient = "198.51.100." + (1 + (int) (Math.random() * 250));
        assertThat(postAnonymous(busyClient).statusCode()).isEqualTo(400);
        assertThat(postAnonymous(busyClient).statusCode()).isEqualTo(400);

        assertThat(postAnonymous(busyClient).statusCode()).isEqualTo(429);
        assertThat(postAnonymous(otherClient).statusCode()).isEqualTo(400);
    }

    /** An empty object: refused by validation, but it still spends the budget (the limit comes first). */
    private HttpResponse<String> post(String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-User-Id", user)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAnonymous(String clientAddress) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
