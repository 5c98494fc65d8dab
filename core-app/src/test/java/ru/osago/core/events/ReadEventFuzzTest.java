package ru.osago.core.events;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.osago.model.QuoteEvent;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 generated, mutated and junk rs.queue bodies through {@link ReadEvent}: each is an event the store can
 * insert (ids within their columns, no NUL, a premium numeric holds) or an UnreadableEventException with a
 * reason for rs.dlq; nothing else escapes.
 */
class ReadEventFuzzTest {

    private static final long SEED = 1313L;
    private static final int CASES = 10_000;

    private static CamelContext camel;

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
    void everyBodyIsAStorableEventOrDeadLetteredWithAReason() {
        HostileEvents events = new HostileEvents(SEED);
        ReadEvent read = new ReadEvent();
        List<String> failures = new ArrayList<>();
        int read_ = 0;
        for (int i = 0; i < CASES; i++) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(events.body());
            try {
                read.process(exchange);
                QuoteEvent event = exchange.getMessage().getBody(QuoteEvent.class);
                if (event.eventId().length() > 200 || event.requestId().length() > 64 || event.type() == null) {
                    failures.add("case " + i + ": passed an event the store cannot take: " + event.eventId().length());
                }
                read_++;
            } catch (ReadEvent.UnreadableEventException e) {
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().length() > 1_000) {
                    failures.add("case " + i + ": reason of " + (e.getMessage() == null ? 0 : e.getMessage().length()) + " characters");
                }
            } catch (Throwable e) {
                failures.add("case " + i + " (seed " + SEED + "): " + e.getClass().getName());
            }
        }

        assertThat(failures).isEmpty();
        assertThat(read_).isBetween(CASES / 10, CASES - CASES / 10);
    }
}
