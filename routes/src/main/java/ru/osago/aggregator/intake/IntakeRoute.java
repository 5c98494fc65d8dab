package ru.osago.aggregator.intake;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.processors.InvalidRequestException;
import ru.osago.processors.ReadQuoteRequest;
import ru.osago.processors.ValidateQuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.time.Clock;

/**
 * {@code rq.queue} → read, validate and normalise → store the application and one row per insurer
 * and publish ACCEPTED (one transaction, idempotent on the request id). The offer poller's next claim
 * makes the insurers' first calls. While too many requests are open, the consumer waits first
 * ({@link IntakeBackpressure}): requests wait in the queue instead of being accepted and left unanswered.
 * An invalid message is answered with REJECTED and moved to the dead-letter queue with its reason;
 * any other failure rolls the JMS transaction back, so the broker redelivers it, and on the last delivery
 * the broker allows intake moves it to the dead-letter queue itself, with the failure as its reason.
 */
@Component
class IntakeRoute extends RouteBuilder {

    static final String REJECT_REASON = "OsagoRejectReason";

    private final AggregatorProperties properties;
    private final Clock clock;
    private final RegisterApplication registerApplication;
    private final RejectInvalidRequest rejectInvalidRequest;
    private final IntakeBackpressure backpressure;

    IntakeRoute(AggregatorProperties properties, Clock clock, RegisterApplication registerApplication,
                RejectInvalidRequest rejectInvalidRequest, IntakeBackpressure backpressure) {
        this.properties = properties;
        this.clock = clock;
        this.registerApplication = registerApplication;
        this.rejectInvalidRequest = rejectInvalidRequest;
        this.backpressure = backpressure;
    }

    /** The broker's last delivery: {@code osago.intake.max-deliveries}, its maxDeliveryAttempts for rq.queue. */
    private boolean lastDelivery(Object deliveryCount) {
        return deliveryCount instanceof Number count && count.intValue() >= properties.intake().maxDeliveries();
    }

    @Override
    public void configure() {
        onException(InvalidRequestException.class)
                .handled(true)
                .useOriginalMessage()
                .bean(rejectInvalidRequest, "reject").id("reject-invalid-request")
                .to("jms:queue:{{osago.queues.dead-letter}}").id("dead-letter");
        // anything else rolls back for the broker to redeliver, but not on the last delivery it allows: the
        // broker would dead-letter the message with no reason, so intake does it with one
        onException(Exception.class)
                // (a stop hands the request back whatever its delivery count)
                .onWhen(exchange -> lastDelivery(exchange.getMessage().getHeader("JMSXDeliveryCount"))
                        && !IntakeBackpressure.stopping(exchange.getContext()))
                .handled(true)
                .useOriginalMessage()
                .setHeader(REJECT_REASON, simple("not processed in ${header.JMSXDeliveryCount} deliveries: ${exception.class.simpleName}"))
                .log(LoggingLevel.ERROR, "Request ${header.JMSCorrelationID} to the dead-letter queue after ${header.JMSXDeliveryCount}"
                        + " deliveries: ${exception}")
                .to("jms:queue:{{osago.queues.dead-letter}}").id("dead-letter-last-delivery");

        from("jms:queue:{{osago.queues.requests}}?transacted=true"
                + "&concurrentConsumers={{osago.intake.consumers}}&maxConcurrentConsumers={{osago.intake.max-consumers}}")
                .routeId("intake")
                .bean(backpressure, "awaitRoom").id("await-room")
                .process(new ReadQuoteRequest(properties.intake().maxMessageBytes())).id("read-request")
                .process(new ValidateQuoteRequest(new QuoteRequestValidator(clock), clock)).id("validate-request")
                .bean(registerApplication, "register").id("register-application");
    }
}
