package ru.osago.aggregator.state;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;

import java.time.Clock;
import java.util.List;

/**
 * The outbox's recovery: events committed but not sent (the instance died between its commit and the
 * send, or the broker refused the send) are sent again once they are older than any batch takes
 * ({@code osago.events.relay-after}), by whichever instance runs this first. Deterministic event ids make
 * a second send harmless: core-app stores each id once.
 */
@Component
class EventRelayRoute extends RouteBuilder {

    private final EventOutbox outbox;
    private final EventPublisher publisher;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AggregatorProperties.Events settings;

    EventRelayRoute(EventOutbox outbox, EventPublisher publisher, TransactionTemplate tx, Clock clock,
                    AggregatorProperties properties) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.events();
    }

    @Override
    public void configure() {
        from("timer:event-relay?period={{osago.events.relay-period-ms}}")
                .routeId("event-relay")
                .process(exchange -> resendStale()).id("resend-stale-events");
    }

    /** Claimed, sent and removed in one database transaction: two instances never send the same rows at once. */
    void resendStale() {
        tx.executeWithoutResult(status -> {
            List<OutboundEvent> stale = outbox.claimStale(clock.instant().minus(settings.relayAfter()), settings.relayBatchSize());
            if (!stale.isEmpty()) {
                try {
                    publisher.send(stale);
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException("the broker refused " + stale.size() + " events; they stay in the outbox", e);
                }
                outbox.remove(stale);
                log.warn("sent {} events again that were committed but not sent", stale.size());
            }
        });
    }
}
