package ru.osago.aggregator.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code GET /osago/requests/{id}} (seed 004): every insurer's status and the offers so far. A
 * fallback for core-app and for operators, not the main delivery path (that is the event stream).
 */
@Component
class RequestStatusRoute extends RouteBuilder {

    private final RequestStatusQuery query;

    RequestStatusRoute(RequestStatusQuery query) {
        this.query = query;
    }

    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.json);

        rest("/osago/requests")
                .get("/{id}").produces("application/json").to("direct:request-status");

        from("direct:request-status")
                .routeId("request-status")
                .bean(query, "find(${header.id})").id("find-request")
                .choice()
                    .when(body().isNull())
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                        .setBody(exchange -> Map.of("error", "unknown request"))
                .end();
    }
}
