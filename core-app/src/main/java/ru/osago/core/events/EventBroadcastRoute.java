package ru.osago.core.events;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.core.stream.StreamHub;

/** Every stored batch of events, from whichever instance stored it, to this instance's open streams. */
@Component
class EventBroadcastRoute extends RouteBuilder {

    private final StreamHub hub;

    EventBroadcastRoute(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void configure() {
        from("jms:topic:{{osago.core.topics.live}}?concurrentConsumers=1")
                .routeId("event-broadcast")
                .description("Hands live events to the browsers connected to this instance")
                .setProperty(Exchange.CHARSET_NAME, constant("UTF-8"))
                .convertBodyTo(String.class)
                // only the events of streams open here are bound; the others are only tokenised, to step over them
                .transform().body(String.class, text -> LiveEventsJson.read(text, hub::holds)).id("read-live-events")
                .bean(hub, "publishAll").id("hand-to-hub");
    }
}
