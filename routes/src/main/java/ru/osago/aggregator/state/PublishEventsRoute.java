package ru.osago.aggregator.state;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A committed batch's events (a list of {@link OutboundEvent}) to the reply queue in one JMS
 * transaction, then out of the outbox. If the send fails they stay in the outbox for {@code event-relay}.
 */
@Component
class PublishEventsRoute extends RouteBuilder {

    private final EventPublisher publisher;
    private final EventOutbox outbox;

    PublishEventsRoute(EventPublisher publisher, EventOutbox outbox) {
        this.publisher = publisher;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from("direct:publish-events")
                .routeId("publish-events")
                // (not Simple's ${body.size}: its OGNL hashed every event of the batch to look the method up)
                .filter(exchange -> !exchange.getMessage().getBody(List.class).isEmpty())
                    .bean(publisher, "send").id("send-events")
                    .bean(outbox, "remove").id("remove-sent-events")
                .end();
    }
}
