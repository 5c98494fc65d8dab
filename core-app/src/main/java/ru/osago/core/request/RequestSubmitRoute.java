package ru.osago.core.request;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.stereotype.Component;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

/**
 * A validated {@link QuoteRequest} to the aggregator: JSON text on {@code rq.queue}, persistent,
 * {@code JMSCorrelationID} = requestId. Fire and forget: the answers come back as events on rs.queue.
 * Errors go back to the caller (no error handler here), so a broker failure is a 500, not a lost 202.
 */
@Component
class RequestSubmitRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:request-submit")
                .routeId("request-submit")
                .description("Puts a validated quote request on the aggregator's queue")
                .errorHandler(noErrorHandler())
                .setHeader("JMSCorrelationID", simple("${body.requestId}"))
                .marshal(new JacksonDataFormat(OsagoJson.mapper(), QuoteRequest.class))
                .convertBodyTo(String.class, "UTF-8")
                .removeHeaders("*", "JMSCorrelationID")
                .to(ExchangePattern.InOnly,
                        "jms:queue:{{osago.core.queues.requests}}?jmsMessageType=Text&deliveryPersistent=true")
                    .id("send-to-aggregator");
    }
}
