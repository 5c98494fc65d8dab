package ru.osago.processors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.osago.fuzz.HostileInputs;
import ru.osago.model.QuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 12,000 generated, mutated and hostile rq.queue messages (bodies as text and as bytes, odd headers) through
 * the aggregator's intake processors, as the intake route runs them. Each ends as the contract says: a valid
 * request, or an {@link InvalidRequestException} with a reason short enough for a header; nothing else
 * escapes, no {@link Error} either.
 */
class IntakeProcessorsFuzzTest {

    private static final long SEED = 13_2026L;
    private static final int CASES = 12_000;
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static CamelContext camel;

    private final ReadQuoteRequest read = new ReadQuoteRequest(65_536);
    private final ValidateQuoteRequest validate = new ValidateQuoteRequest(new QuoteRequestValidator(CLOCK), CLOCK);

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
    void everyMessageIsAcceptedOrRejectedWithAReasonAndNothingElseEscapes() {
        HostileInputs inputs = new HostileInputs(SEED, LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        Random headers = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = inputs.body();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(headers.nextBoolean() ? body : new String(body, StandardCharsets.UTF_8));
            exchange.getMessage().setHeaders(new HashMap<>(hostileHeaders(headers)));
            try {
                read.process(exchange);
                validate.process(exchange);
                if (exchange.getMessage().getBody() instanceof QuoteRequest) {
                    accepted++;
                } else {
                    failures.add("case " + i + ": body " + exchange.getMessage().getBody());
                }
            } catch (InvalidRequestException e) {
                if (e.reason() == null || e.reason().isBlank() || e.reason().length() > 4_000) {
                    failures.add("case " + i + ": reason " + (e.reason() == null ? null : e.reason().length() + " chars"));
                }
                rejected++;
            } catch (Throwable e) {
                failures.add("case " + i + " (seed " + SEED + "): " + e);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(accepted + rejected).isEqualTo(CASES);
        // the generator is not all noise: both verdicts are well represented
        assertThat(accepted).isGreaterThan(CASES / 10);
        assertThat(rejected).isGreaterThan(CASES / 2);
    }

    private static Map<String, Object> hostileHeaders(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Map.of();
            case 1 -> Map.of("JMSCorrelationID", "x".repeat(100_000));
            case 2 -> Map.of("JMSCorrelationID", "id-" + random.nextInt(), "JMSTimestamp", "not a number");
            case 3 -> Map.of("JMSTimestamp", Long.MAX_VALUE, ValidateQuoteRequest.VALIDATED_AT, -1L);
            case 4 -> Map.of(ValidateQuoteRequest.VALIDATED_AT, "1e999");
            case 5 -> Map.of(ValidateQuoteRequest.VALIDATED_AT, NOW.minusSeconds(86_400 * 400).toEpochMilli());
            case 6 -> Map.of("JMSCorrelationID", "\uD800\u0000");
            default -> Map.of("JMSCorrelationID", "req-" + random.nextInt(), "JMSTimestamp", NOW.toEpochMilli());
        };
    }
}
