package ru.osago.aggregator.intake;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.state.EventPublisher;
import ru.osago.model.QuoteEvent;
import ru.osago.processors.InvalidRequestException;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Tells the requester why its request was refused (REJECTED, when the request id is readable) and
 * labels the message with the reason for the dead-letter queue.
 */
@Component
class RejectInvalidRequest {

    private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final EventPublisher events;
    private final Clock clock;

    RejectInvalidRequest(EventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public void reject(Exchange exchange) {
        InvalidRequestException invalid = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRequestException.class);
        exchange.getMessage().setHeader(IntakeRoute.REJECT_REASON, invalid.reason());
        if (invalid.requestId() != null && USABLE_ID.matcher(invalid.requestId()).matches()) {
            events.publish(QuoteEvent.rejected(invalid.requestId(), clock.instant(), invalid.errors()));
        }
    }
}
