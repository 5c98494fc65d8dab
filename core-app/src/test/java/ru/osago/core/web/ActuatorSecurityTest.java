package ru.osago.core.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator beyond health is for operators (the local default users of application.yml); the probes, the page and
 * the driver's API stay open. (Metric export is switched on here: Spring Boot's tests switch it off.)
 */
@CoreAppTest
@TestPropertySource(properties = "management.prometheus.metrics.export.enabled=true")
class ActuatorSecurityTest {

    @LocalServerPort
    int port;
    @Autowired
    UserDetailsService users;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void actuatorBeyondHealthNeedsAnOperator() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "viewer:wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> scrape = get("/actuator/prometheus", "viewer:viewer");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
        assertThat(get("/actuator/info", "operator:operator").statusCode()).isEqualTo(200);
    }

    /** Spring Security re-encodes such a password with bcrypt after a sign-in, unless it cannot update it. */
    @Test
    void aPasswordGivenAsWrittenStaysSoAfterScrapesAndCostsNoBcryptCheck() throws Exception {
        assertThat(get("/actuator/prometheus", "viewer:viewer").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", "viewer:viewer").statusCode()).isEqualTo(200);

        assertThat(users.loadUserByUsername("viewer").getPassword()).isEqualTo("{noop}viewer");
    }

    @Test
    void probesThePageAndTheApiStayOpen() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/openapi.json", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
