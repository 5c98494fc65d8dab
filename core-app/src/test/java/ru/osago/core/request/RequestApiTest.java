package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestEvents;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@CoreAppTest
class RequestApiTest {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    RequestTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void invalidVinIsRefusedWithTheVinFieldError() throws Exception {
        ObjectNode body = sample();
        ((ObjectNode) body.get("vehicle")).put("vin", "XTA219010K012345O");

        HttpResponse<String> response = post(body.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(response)).contains("vehicle.vin");
    }

    @Test
    void unreadableJsonIsA400WithAnErrorNotA500() throws Exception {
        HttpResponse<String> response = post("{\"vehicle\": {\"vin\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("message").asText()).isEqualTo("is not valid JSON");
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void impossibleDateIsA400NamingTheField() throws Exception {
        ObjectNode body = sample();
        body.put("policyStart", "2030-02-31");

        HttpResponse<String> response = post(body.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("policyStart");
    }

    @Test
    void validRequestIsAcceptedAndPutOnTheRequestQueueWithItsIdAsCorrelationId() throws Exception {
        HttpResponse<String> response = post(sample().toString(), "ivan-petrov");

        assertThat(response.statusCode()).isEqualTo(202);
        // the token is the key to the quote's stream: no cache may keep the answer
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode accepted = JSON.readTree(response.body());
        String requestId = accepted.path("requestId").asText();
        String token = accepted.path("token").asText();
        assertThat(UUID.fromString(requestId)).isNotNull();
        assertThat(tokens.verify(requestId, token)).isTrue();
        assertThat(accepted.path("streamUrl").asText()).isEqualTo("/api/osago/requests/" + requestId + "/stream?token=" + token);
        assertThat(accepted.path("snapshotUrl").asText()).isEqualTo("/api/osago/requests/" + requestId + "?token=" + token);

        jms.setReceiveTimeout(10_000);
        Message message = jms.receiveSelected("rq.queue", "JMSCorrelationID = '" + requestId + "'");
        assertThat(message).isInstanceOf(TextMessage.class);
        assertThat(message.getJMSCorrelationID()).isEqualTo(requestId);
        QuoteRequest sent = JSON.readValue(((TextMessage) message).getText(), QuoteRequest.class);
        assertThat(sent.requestId()).isEqualTo(requestId);
        assertThat(sent.userId()).isEqualTo("ivan-petrov");
        assertThat(sent.vehicle().plate()).isEqualTo("А123ВС77");
    }

    @Test
    void snapshotWithAWrongTokenIsForbidden() throws Exception {
        String requestId = accept();

        assertThat(get("/api/osago/requests/" + requestId + "?token=" + tokens.issue("someone-else")).statusCode()).isEqualTo(403);
        assertThat(get("/api/osago/requests/" + requestId).statusCode()).isEqualTo(403);
    }

    /**
     * The event stream's refusal is written by Spring MVC, which on Spring Boot 4 uses Jackson 3; the REST DSL's
     * answers are written by our Jackson 2 mapper. A client must read both the same way.
     */
    @Test
    void eventStreamWithAWrongTokenIsRefusedWithFieldErrorsShapedLikeTheRestApis() throws Exception {
        String requestId = accept();
        ObjectNode body = sample();
        ((ObjectNode) body.get("vehicle")).put("vin", "XTA219010K012345O");

        HttpResponse<String> refused = get("/api/osago/requests/" + requestId + "/events?token=" + tokens.issue("someone-else"));
        HttpResponse<String> invalid = post(body.toString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode refusal = JSON.readTree(refused.body()).path("errors").path(0);
        JsonNode fieldError = JSON.readTree(invalid.body()).path("errors").path(0);
        assertThat(refusal.path("field").asText()).isEqualTo("token");
        assertThat(refusal.path("message").asText()).isEqualTo("is missing or does not match the request");
        assertThat(refusal.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(fieldError::fieldNames);
    }

    @Test
    void snapshotOfARequestNeverSubmittedHereIsNotFound() throws Exception {
        String unknown = UUID.randomUUID().toString();

        HttpResponse<String> response = get("/api/osago/requests/" + unknown + "?token=" + tokens.issue(unknown));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fields(response)).containsExactly("requestId");
    }

    @Test
    void snapshotListsTheReceivedEventsBySeqAndTellsWhenTheRequestIsCompleted() throws Exception {
        String requestId = accept();
        String path = "/api/osago/requests/" + requestId + "?token=" + tokens.issue(requestId);
        JsonNode pending = JSON.readTree(get(path).body());
        assertThat(pending.path("events")).isEmpty();
        assertThat(pending.path("completed").asBoolean()).isFalse();

        for (QuoteEvent event : new QuoteEvent[]{TestEvents.completed(requestId, 3), TestEvents.accepted(requestId),
                TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00")}) {
            jms.convertAndSend("rs.queue", TestEvents.json(event));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode snapshot = JSON.readTree(get(path).body());
            assertThat(snapshot.path("events").findValuesAsText("seq")).containsExactly("1", "2", "3");
            assertThat(snapshot.path("completed").asBoolean()).isTrue();
        });
    }

    private String accept() throws Exception {
        HttpResponse<String> response = post(sample().toString());
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).path("requestId").asText();
    }

    private static ObjectNode sample() {
        QuoteRequest request = SampleRequests.valid(null, null, LocalDate.now());
        ObjectNode node = JSON.valueToTree(request);
        node.remove("requestId");
        node.remove("userId");
        return node;
    }

    private static java.util.List<String> fields(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("errors").findValuesAsText("field");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, null);
    }

    private HttpResponse<String> post(String body, String userId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (userId != null) {
            request.header("X-User-Id", userId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
