package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import ru.osago.core.CoreAppTest;
import ru.osago.fuzz.HostileInputs;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.processors.ReadQuoteRequest;
import ru.osago.processors.ValidateQuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 300 generated, mutated and hostile bodies (and odd X-User-Id headers) through the real REST API: each is a
 * 202 whose message on rq.queue the aggregator's intake accepts, or a 400 with field errors. No 5xx, no
 * stack trace or exception name in any answer.
 */
@CoreAppTest
class RestApiFuzzTest {

    private static final long SEED = 13L;
    private static final int CASES = 300;
    private static final ObjectMapper JSON = OsagoJson.mapper();

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAnswerIsA202TheAggregatorAcceptsOrA400WithFieldErrors() throws Exception {
        HostileInputs inputs = new HostileInputs(SEED, LocalDate.now(Clock.systemUTC()));
        Random random = new Random(SEED);
        Clock clock = Clock.systemUTC();
        ReadQuoteRequest aggregatorRead = new ReadQuoteRequest(65_536);
        ValidateQuoteRequest aggregatorValidate = new ValidateQuoteRequest(new QuoteRequestValidator(clock), clock);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = inputs.body();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/osago/requests"))
                    .header("Content-Type", "application/json")
                    .header("X-User-Id", userId(random, i))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String answer = response.body();
            if (answer.contains("Exception") || answer.contains("\tat ") || answer.contains("at ru.osago")) {
                failures.add("case " + i + ": a stack trace or exception in " + answer);
            }
            if (response.statusCode() == 202) {
                accepted++;
                String requestId = JSON.readTree(answer).path("requestId").asText();
                Message sent = jms.receiveSelected("rq.queue", "JMSCorrelationID = '" + requestId + "'");
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody(((TextMessage) sent).getText());
                exchange.getMessage().setHeader("JMSCorrelationID", sent.getJMSCorrelationID());
                exchange.getMessage().setHeader(ValidateQuoteRequest.VALIDATED_AT, sent.getLongProperty(ValidateQuoteRequest.VALIDATED_AT));
                try {
                    aggregatorRead.process(exchange);
                    aggregatorValidate.process(exchange);
                    assertThat(exchange.getMessage().getBody(QuoteRequest.class).requestId()).isEqualTo(requestId);
                } catch (Throwable e) {
                    failures.add("case " + i + ": 202, but the aggregator would refuse it: " + e);
                }
            } else if (response.statusCode() == 400) {
                JsonNode errors = JSON.readTree(answer).path("errors");
                if (!errors.isArray() || errors.isEmpty() || !errors.get(0).has("field") || errors.get(0).path("message").asText().isBlank()) {
                    failures.add("case " + i + ": a 400 without field errors: " + answer);
                }
            } else {
                failures.add("case " + i + ": HTTP " + response.statusCode() + " " + answer);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(accepted).isPositive();
    }

    /** Mostly a valid user of its own (the rate limit is per user), sometimes one the validator refuses. */
    private static String userId(Random random, int i) {
        return switch (random.nextInt(10)) {
            case 0 -> "u".repeat(65 + random.nextInt(200));
            case 1 -> "ivan petrov";
            case 2 -> "a/b?c=d";
            default -> "fuzz-" + SEED + "-" + i;
        };
    }
}
