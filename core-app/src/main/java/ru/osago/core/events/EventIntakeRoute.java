package ru.osago.core.events;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.core.stream.StreamHub;

import java.util.List;

/**
 * Events from the aggregator, a batch at a time ({@link EventBatchConsumer}): stored with one statement (once per
 * eventId), then handed to this instance's own streams and re-published to the live topic as one message, so that
 * the other core-app instances (each holding its own browsers) see every event too; last, the unreadable ones to
 * rs.dlq with their reason. This instance's topic reader skips its own messages ({@link LiveTopicOrigin}).
 * <p>
 * The database commits before the hand-over and the publish. A stream registers itself, then reads the stored
 * events; handed over first, an event could pass the streams before one registered and be committed only after
 * its read, and the stream missed it (its final event then waited seconds for the gap to be filled from the
 * database). The own streams come first: they are all the streams a single instance has, and the publish's trip
 * to the broker would only delay them.
 * The route's JMS sends (the publish, dead letters) are made in the consumer's transacted session and go out
 * with its commit, which takes the batch off rs.queue: a batch that fails publishes nothing, and its redelivery
 * publishes again. Its events are stored by then, so repeats are published too, and streams drop an eventId
 * they have sent. An event still failing on the broker's last delivery goes to rs.dlq with its reason from the
 * consumer itself ({@link LastDelivery}), not from here: the route has failed by then. The dead letters go last
 * so that a batch failing in its store or its publish has sent none: {@link LastDelivery} then tries each message
 * alone in the same session, and an unreadable one would otherwise be dead-lettered twice in one commit.
 * <p>
 * An instance started with {@code osago.core.jms.event-intake-enabled=false} only streams: it reads no events
 * from rs.queue and relies on the others to store and re-publish them.
 */
@Component
class EventIntakeRoute extends RouteBuilder {

    static final String DEAD_LETTER_REASON = "osagoDeadLetterReason";

    private final QuoteEventStore store;
    private final StreamHub hub;
    private final LiveTopicOrigin origin;

    EventIntakeRoute(QuoteEventStore store, StreamHub hub, LiveTopicOrigin origin) {
        this.store = store;
        this.hub = hub;
        this.origin = origin;
    }

    @Override
    public void configure() {
        from(EventBatchConsumer.ROUTE)
                .routeId("event-intake")
                .description("Stores a batch of aggregator events once each, hands it to this instance's streams and publishes it for the other instances")
                .process(new ReadEventBatch()).id("read-events")
                // one statement, committed on its own before the hand-over and the publish below
                .setBody(method(store, "storeOnce")).id("store-events")
                // a Java predicate: simple's ${body.size} hashed the whole batch to look up the list's bean info
                .filter(exchange -> !exchange.getMessage().getBody(List.class).isEmpty())
                    .bean(hub, "publishAll").id("hand-to-own-streams")
                    .transform().body(List.class, LiveEventsJson::write).id("live-events-json")
                    .setHeader(LiveTopicOrigin.PROPERTY, constant(origin.id()))
                    .to("jms:topic:{{osago.core.topics.live}}?jmsMessageType=Text").id("publish-live")
                .end()
                .split(exchangeProperty(ReadEventBatch.DEAD_LETTERS))
                    .process(exchange -> {
                        ReadEventBatch.DeadLetter dead = exchange.getMessage().getBody(ReadEventBatch.DeadLetter.class);
                        exchange.getMessage().setHeader(DEAD_LETTER_REASON, dead.reason());
                        exchange.getMessage().setHeader("osagoMessageId", dead.messageId());
                        exchange.getMessage().setBody(dead.body());
                        // set for the publish above: a dead letter is no live-topic message
                        exchange.getMessage().removeHeader(LiveTopicOrigin.PROPERTY);
                    }).id("dead-letter-message")
                    .log("Unreadable event ${header.osagoMessageId} to the dead-letter queue: ${header.osagoDeadLetterReason}")
                    .removeHeader("osagoMessageId")
                    .to("jms:queue:{{osago.core.queues.events-dead-letter}}").id("event-dead-letter")
                .end();
    }
}
