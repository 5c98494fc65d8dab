package ru.osago.core.request;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Counts the quote requests refused for load, not for their content: {@code osago.core.requests.refused} with
 * {@code status} 429 (the user's rate limit) or 503 (the broker did not take it). 400s are the input's fault and
 * are left to {@code http.server.requests}.
 */
@Component
class RefusalCounter implements Processor {

    private final Counter rateLimited;
    private final Counter brokerUnavailable;

    RefusalCounter(MeterRegistry registry) {
        rateLimited = counter(registry, "429", "rate-limit");
        brokerUnavailable = counter(registry, "503", "broker-unavailable");
    }

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status == 429) {
            rateLimited.increment();
        } else if (status != null && status == 503) {
            brokerUnavailable.increment();
        }
    }

    private static Counter counter(MeterRegistry registry, String status, String reason) {
        return Counter.builder("osago.core.requests.refused")
                .description("Quote requests refused for load: the user's rate limit (429) or the broker (503)")
                .tag("status", status).tag("reason", reason)
                .register(registry);
    }
}
