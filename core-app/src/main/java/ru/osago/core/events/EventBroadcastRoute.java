package ru.osago.core.events;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.stereotype.Component;
import ru.osago.core.stream.StreamHub;
import ru.osago.model.OsagoJson;

/** Every stored batch of events, from whichever instance stored it, to this instance's open streams. */
@Component
class EventBroadcastRoute extends RouteBuilder {

    private final StreamHub hub;

    EventBroadcastRoute(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void configure() {
        JacksonDataFormat liveEvents = new JacksonDataFormat(OsagoJson.mapper(), LiveEvent.class);
        liveEvents.setUseList(true);

        from("jms:topic:{{osago.core.topics.live}}?concurrentConsumers=1")
                .routeId("event-broadcast")
                .description("Hands live events to the browsers connected to this instance")
                .setProperty(Exchange.CHARSET_NAME, constant("UTF-8"))
                .convertBodyTo(String.class)
                .unmarshal(liveEvents)
                .bean(hub, "publishAll").id("hand-to-hub");
    }
}
