package ru.osago.core.web;

import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.osago.core.CoreAppTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@CoreAppTest
class WebPageTest {

    @LocalServerPort
    int port;
    @Autowired
    ConnectionFactory connectionFactory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pageIsServedWithTheDemoFormAndTheElementsABrowserTestDrives() throws Exception {
        String page = get("/");

        assertThat(page).contains("id=\"quote-form\"", "id=\"insurers\"", "id=\"summary\"", "id=\"countdown\"",
                "name=\"vehicle.vin\"", "src=\"app.js\"");
        assertThat(get("/app.js")).contains("XTA219010K0123456", "А123ВС77", "sessionStorage", "data");
        assertThat(page).doesNotContain("http://", "https://");
    }

    @Test
    void jmsConnectionsArePooled() {
        assertThat(connectionFactory).isInstanceOf(JmsPoolConnectionFactory.class);
    }

    @Test
    void healthIsUpWithTheBrokerAndTheDatabaseReachable() throws Exception {
        // /actuator/prometheus is switched off in Spring Boot tests (metrics export), so only health here
        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
