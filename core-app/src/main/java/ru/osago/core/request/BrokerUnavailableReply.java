package ru.osago.core.request;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** 503 when the request could not be handed to the aggregator; try again once the breaker may let calls through. */
@Component
class BrokerUnavailableReply implements Processor {

    private final long retryAfterSeconds;

    BrokerUnavailableReply(@Value("${osago.core.broker.breaker.wait-in-open-seconds}") long retryAfterSeconds) {
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override
    public void process(Exchange exchange) {
        HttpReplies.error(exchange, 503, "", "the quote service is temporarily unavailable; try again in "
                + retryAfterSeconds + " s");
        exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
    }
}
