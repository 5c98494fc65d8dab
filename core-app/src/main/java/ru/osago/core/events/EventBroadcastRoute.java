package ru.osago.core.events;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.core.stream.StreamHub;

/**
 * Every batch of events another instance stored, to this instance's open streams; the batches this instance stores
 * reach them from its intake ({@link EventIntakeRoute}), and the broker keeps them off this reader.
 */
@Component
class EventBroadcastRoute extends RouteBuilder {

    private final StreamHub hub;
    private final LiveTopicOrigin origin;

    EventBroadcastRoute(StreamHub hub, LiveTopicOrigin origin) {
        this.hub = hub;
        this.origin = origin;
    }

    @Override
    public void configure() {
        // acknowledged in batches (DUPS_OK), not one acknowledgement sent to the broker per message: the subscription
        // ends with its connection, so an unacknowledged message is never redelivered to anyone else, and one seen
        // twice after a session recovery is dropped by the stream, which skips an eventId it has sent
        from("jms:topic:{{osago.core.topics.live}}?concurrentConsumers=1&acknowledgementModeName=DUPS_OK_ACKNOWLEDGE"
                + "&selector=RAW(" + origin.othersSelector() + ")")
                .routeId("event-broadcast")
                .description("Hands the events other instances stored to the browsers connected to this instance")
                // Only the events of streams open here are bound; the others are only tokenised, to step over them.
                // The body is set on the message as it came: convertBodyTo, transform and setBody put the new body in
                // a copy of a JMS message, and the copy reads every JMS property into a header (a sixth to a quarter
                // of this reader's CPU samples, BENCHMARKS.md, session 38)
                .process(exchange -> exchange.getMessage().setBody(
                        LiveEventsJson.read(exchange.getMessage().getBody(String.class), hub::holds))).id("read-live-events")
                .bean(hub, "publishAll").id("hand-to-hub");
    }
}
