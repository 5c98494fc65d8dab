package ru.osago.core.stream;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The polling loop that keeps the live topic's losses from withholding a final event: the topic is not durable,
 * and when the broker drops this instance's connection the messages sent meanwhile never arrive. Every sweep,
 * the open streams that still wait for their final event and are due a re-read look in the database, together.
 */
@Component
class StreamRecheckRoute extends RouteBuilder {

    private final StreamHub hub;

    StreamRecheckRoute(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void configure() {
        from("timer:stream-recheck?period={{osago.core.stream.recheck-sweep-ms}}&delay={{osago.core.stream.recheck-sweep-ms}}")
                .routeId("stream-recheck")
                .description("Re-reads the database for open streams still waiting for their final event")
                .bean(hub, "recheckWaitingStreams").id("recheck-waiting-streams")
                .filter(body().isGreaterThan(0)).id("when-any-caught-up")
                    .log(LoggingLevel.WARN, "${body} open streams got events the live topic had lost, from the database").id("log-caught-up");
    }
}
