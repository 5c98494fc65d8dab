package ru.osago.core.request;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.stereotype.Component;
import ru.osago.core.resilience.Breakers;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.processors.ValidateQuoteRequest;

/**
 * A validated {@link QuoteRequest} to the aggregator: JSON text on {@code rq.queue}, persistent,
 * {@code JMSCorrelationID} = requestId. Fire and forget: the answers come back as events on rs.queue.
 * <p>
 * The send ({@link BrokerSender}, with its own time limit) is behind a circuit breaker: with the broker down or
 * stuck the caller learns it within {@code osago.core.broker.breaker.timeout-ms} (and at once while the breaker
 * is open) through the {@link #BROKER_UNAVAILABLE} property, and answers 503 instead of a 202 for a request
 * nobody received.
 */
@Component
class RequestSubmitRoute extends RouteBuilder {

    static final String BROKER_UNAVAILABLE = "osagoBrokerUnavailable";

    private final BrokerSender sender;

    RequestSubmitRoute(BrokerSender sender) {
        this.sender = sender;
    }

    @Override
    public void configure() {
        from("direct:request-submit")
                .routeId("request-submit")
                .description("Puts a validated quote request on the aggregator's queue")
                .errorHandler(noErrorHandler())
                // the HTTP request's headers would become JMS properties: the aggregator gets the two below alone
                // (removeHeaders with exceptions compiles each exception as a regular expression for every header)
                .removeHeaders("*")
                .setHeader("JMSCorrelationID").body(QuoteRequest.class, QuoteRequest::requestId)
                // the aggregator judges dates as of this instant, as core-app did
                .setHeader(ValidateQuoteRequest.VALIDATED_AT, exchangeProperty(RequestIntake.VALIDATED_AT))
                .marshal(json())
                .convertBodyTo(String.class, "UTF-8")
                .circuitBreaker().id("broker-breaker")
                    .resilience4jConfiguration(Breakers.fromProperties("broker"))
                    .process(sender).id("send-to-aggregator")
                .onFallback()
                    .choice()
                        // no exception: the open breaker skipped the send. BreakerTransitionLog logged its opening
                        // and osago.core.requests.refused counts the 503s: no line per refused request
                        .when(exchangeProperty(Exchange.EXCEPTION_CAUGHT).isNull())
                            .log(LoggingLevel.DEBUG, "Broker breaker open, request ${header.JMSCorrelationID} not sent")
                        .otherwise()
                            .log(LoggingLevel.WARN, "Broker unavailable, request ${header.JMSCorrelationID} not sent: "
                                    + "${exchangeProperty.CamelExceptionCaught.message}")
                    .end()
                    .setProperty(BROKER_UNAVAILABLE, constant(true))
                .end();
    }

    private static JacksonDataFormat json() {
        JacksonDataFormat json = new JacksonDataFormat(OsagoJson.mapper(), QuoteRequest.class);
        json.setContentTypeHeader(false);
        return json;
    }
}
