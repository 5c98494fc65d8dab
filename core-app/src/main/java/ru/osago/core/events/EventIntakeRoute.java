package ru.osago.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Events from the aggregator: stored once by eventId, then re-published to the live topic so that every
 * core-app instance (each holding its own browsers) sees every event. A repeated eventId (redelivery, a
 * second publish) is stored and published only once. The JMS session and the database transaction commit
 * only after the publish, so a failure redelivers the event instead of losing it; on the broker's last
 * delivery ({@code osago.core.jms.max-deliveries}) it goes to rs.dlq with the failure as its reason instead, since
 * the broker would dead-letter it without one.
 * <p>
 * An instance started with {@code osago.core.jms.event-intake-enabled=false} only streams: it reads no events
 * from rs.queue and relies on the others to store and re-publish them.
 */
@Component
class EventIntakeRoute extends RouteBuilder {

    static final String NEW_EVENT = "osagoNewEvent";
    static final String DEAD_LETTER_REASON = "osagoDeadLetterReason";
    private static final int MAX_REASON_CHARS = 500;

    private final QuoteEventStore store;
    private final DatabaseTransaction databaseTransaction;
    private final int maxDeliveries;

    EventIntakeRoute(QuoteEventStore store, DatabaseTransaction databaseTransaction,
                     @Value("${osago.core.jms.max-deliveries}") int maxDeliveries) {
        this.store = store;
        this.databaseTransaction = databaseTransaction;
        this.maxDeliveries = maxDeliveries;
    }

    private boolean lastDelivery(Exchange exchange) {
        return exchange.getMessage().getHeader("JMSXDeliveryCount") instanceof Number count && count.intValue() >= maxDeliveries;
    }

    /** "not stored in 5 deliveries: " and the failure, short enough for a header. */
    static String lastDeliveryReason(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = "not stored in " + exchange.getMessage().getHeader("JMSXDeliveryCount") + " deliveries: "
                + (failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
    }

    @Override
    public void configure() {
        JacksonDataFormat json = QuoteEventFormat.create();

        onException(JsonProcessingException.class, IllegalArgumentException.class)
                .handled(true)
                .log("Unreadable event ${header.JMSMessageID} to the dead-letter queue: ${exception.message}")
                .setHeader(DEAD_LETTER_REASON, simple("${exception.message}"))
                .to("jms:queue:{{osago.core.queues.events-dead-letter}}").id("event-dead-letter");
        // anything else (the database, the topic) rolls back for the broker to redeliver, but not on the last
        // delivery it allows: the broker would dead-letter the event with no reason, so the route does it with one
        onException(Exception.class)
                .onWhen(this::lastDelivery)
                .handled(true)
                .useOriginalMessage()
                .process(exchange -> exchange.getMessage().setHeader(DEAD_LETTER_REASON, lastDeliveryReason(exchange)))
                .log(LoggingLevel.ERROR, "Event ${header.JMSMessageID} to the dead-letter queue after ${header.JMSXDeliveryCount}"
                        + " deliveries: ${exception}")
                .to("jms:queue:{{osago.core.queues.events-dead-letter}}").id("event-dead-letter-last-delivery");

        from("jms:queue:{{osago.core.queues.events}}"
                + "?transacted=true&lazyCreateTransactionManager=false"
                + "&concurrentConsumers={{osago.core.jms.event-consumers}}"
                + "&maxConcurrentConsumers={{osago.core.jms.max-event-consumers}}"
                // a stopping instance finishes the events it receives: rejected ones bounce between its
                // stopping consumers until the broker dead-letters them (seen when restarting an instance)
                + "&acceptMessagesWhileStopping=true")
                .routeId("event-intake")
                .autoStartup("{{osago.core.jms.event-intake-enabled}}")
                .description("Stores each aggregator event once and fans it out to every core-app instance")
                .policy(databaseTransaction) // an event's insert and its topic publish commit together
                .setProperty(Exchange.CHARSET_NAME, constant("UTF-8"))
                // whatever the body: the event, or an UnreadableEventException to the dead-letter queue
                .process(new ReadEvent()).id("read-event")
                .setHeader(NEW_EVENT, method(store, "insertIfNew"))
                .filter(header(NEW_EVENT))
                    .marshal(json)
                    .convertBodyTo(String.class, "UTF-8")
                    .to("jms:topic:{{osago.core.topics.live}}?jmsMessageType=Text").id("publish-live")
                .end();
    }
}
