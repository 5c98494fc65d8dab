package ru.osago.core.client;

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
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Look-ups beyond {@code osago.core.client-info.max-concurrent-calls} get a 204 at once, without asking the
 * (real, slow) client-info stub, and the breaker does not take them for client-info's failures.
 */
@CoreAppTest
@TestPropertySource(properties = {"osago.core.client-info.max-concurrent-calls=1",
        "osago.core.client-info.breaker.timeout-ms=5000",
        "osago.core.client-info.breaker.minimum-number-of-calls=2"})
class ClientInfoBulkheadTest {

    private static final InsurerStubs CLIENT_INFO = InsurerStubs.start(
            List.of(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withDelayMs(1500, 1500)));

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
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void lookUpsBeyondTheLimitAre204AtOnceAndLeaveTheBreakerClosed() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/client"))
                        .header("X-User-Id", "petr-" + i).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).containsOnly(200, 204).containsOnlyOnce(200);
        assertThat(camel.getProcessor("client-info-breaker", ResilienceProcessor.class).getCircuitBreakerState()).isEqualTo("CLOSED");
    }
}
