package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.osago.fuzz.HostileInputs;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.processors.InvalidRequestException;
import ru.osago.processors.ReadQuoteRequest;
import ru.osago.processors.ValidateQuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * core-app and the aggregator agree on what is valid. For 12,000 generated and mutated request bodies,
 * core-app's verdict (400, or the request it would send) is compared with the aggregator's intake processors'
 * verdict on what it would receive: the message core-app sends when it accepts, the same body with ids when
 * it refuses. A 202 must never be followed by a REJECTED (the driver would get no COMPLETED), nor a 400 be
 * given for what the aggregator accepts. core-app validates two seconds before UTC midnight and the aggregator
 * after it, with core-app's clock in Moscow time, so the dates' edge is crossed on every case.
 */
class ValidationAgreementTest {

    private static final long SEED = 2026_13L;
    private static final int CASES = 12_000;
    private static final Instant CORE_NOW = Instant.parse("2026-11-21T23:59:58Z");
    private static final Instant AGGREGATOR_NOW = Instant.parse("2026-11-22T00:00:03Z");
    private static final int MAX_BYTES = 65_536;

    private static CamelContext camel;

    private final ObjectMapper json = OsagoJson.mapper();
    private final RequestIntake coreApp = new RequestIntake(json,
            new QuoteRequestValidator(Clock.fixed(CORE_NOW, ZoneId.of("Europe/Moscow"))), null,
            Clock.fixed(CORE_NOW, ZoneId.of("Europe/Moscow")), MAX_BYTES);
    private final Clock aggregatorClock = Clock.fixed(AGGREGATOR_NOW, ZoneOffset.UTC);
    private final ReadQuoteRequest aggregatorRead = new ReadQuoteRequest(MAX_BYTES);
    private final ValidateQuoteRequest aggregatorValidate =
            new ValidateQuoteRequest(new QuoteRequestValidator(aggregatorClock), aggregatorClock);

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @Test
    void coreAppRefusesWithA400ExactlyWhatTheAggregatorWouldReject() throws Exception {
        HostileInputs inputs = new HostileInputs(SEED, LocalDate.ofInstant(CORE_NOW, ZoneOffset.UTC));
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = inputs.body();
            RequestIntake.Verdict core = coreApp.check(body, "fuzz-user", CORE_NOW);
            if (core.accepted()) {
                accepted++;
                // what RequestSubmitRoute puts on rq.queue
                Exchange sent = exchange(json.writeValueAsString(core.request()), core.request().requestId(), CORE_NOW.toEpochMilli());
                Object verdict = aggregator(sent);
                if (!(verdict instanceof QuoteRequest received) || !received.equals(core.request())) {
                    disagreements.add("case " + i + ": core-app accepted, the aggregator: " + verdict);
                }
            } else {
                if (core.errors().isEmpty() || core.errors().stream().anyMatch(e -> e.field() == null || e.message().isBlank())) {
                    disagreements.add("case " + i + ": a 400 without field errors: " + core.errors());
                }
                Object verdict = aggregator(exchange(withIds(body), "req-" + i, CORE_NOW.toEpochMilli()));
                if (!(verdict instanceof InvalidRequestException)) {
                    disagreements.add("case " + i + ": core-app refused " + core.errors() + ", the aggregator accepted");
                }
            }
        }

        assertThat(disagreements).isEmpty();
        assertThat(accepted).isBetween(CASES / 10, CASES / 2);
    }

    @Test
    void theLargestValidRequestIsFarBelowTheMessageLimit() throws Exception {
        String name = "Я".repeat(QuoteRequestValidator.MAX_NAME);
        ObjectNode request = (ObjectNode) json.readTree("""
                {"vehicle": {"vin": "XTA219010K0123456", "plate": "А123ВС777", "year": 2019, "powerHp": 106, "category": "BE"},
                 "unlimitedDrivers": false, "policyStart": "2026-11-22"}""");
        ((ObjectNode) request.get("vehicle")).put("make", "Ж".repeat(40)).put("model", "Ж".repeat(40));
        request.set("owner", person(name));
        var drivers = request.putArray("drivers");
        for (int i = 0; i < 5; i++) {
            drivers.add(person(name).put("licenceNumber", "77 12 345678").put("licenceIssued", "2005-06-01"));
        }
        RequestIntake.Verdict core = coreApp.check(json.writeValueAsBytes(request), "u".repeat(64), CORE_NOW);

        assertThat(core.errors()).isEmpty();
        assertThat(json.writeValueAsBytes(core.request()).length).isLessThan(MAX_BYTES / 4);
    }

    private ObjectNode person(String name) {
        return json.createObjectNode().put("lastName", name).put("firstName", name).put("middleName", name)
                .put("birthDate", "1985-04-12");
    }

    /**
     * The body as the aggregator would get it from a producer that set the ids core-app sets; one over the size
     * limit as it is (core-app refuses it unread, ids and all).
     */
    private byte[] withIds(byte[] body) {
        if (body.length > MAX_BYTES) {
            return body;
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree instanceof ObjectNode object) {
                object.put("requestId", "req-" + Integer.toHexString(body.length)).put("userId", "fuzz-user");
                return HostileInputs.bytes(object);
            }
        } catch (Exception notJson) {
            // as it is
        }
        return body;
    }

    private Exchange exchange(Object body, String correlationId, long validatedAt) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader("JMSCorrelationID", correlationId);
        exchange.getMessage().setHeader(ValidateQuoteRequest.VALIDATED_AT, validatedAt);
        exchange.getMessage().setHeader("JMSTimestamp", validatedAt + 5);
        return exchange;
    }

    /** The request the aggregator accepts, or its InvalidRequestException, or whatever else it threw. */
    private Object aggregator(Exchange exchange) {
        try {
            aggregatorRead.process(exchange);
            aggregatorValidate.process(exchange);
            return exchange.getMessage().getBody();
        } catch (Throwable e) {
            return e;
        }
    }
}
