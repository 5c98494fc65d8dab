package ru.osago.aggregator.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.state.InsurerAuditLog;

import java.util.Map;

/**
 * {@code GET /osago/requests/{id}}: every insurer's status and the offers so far. A
 * fallback for core-app and for operators, not the main delivery path (that is the event stream).
 * {@code GET /osago/requests/{id}/exchanges}: the audit trail, every call to every insurer as sent
 * and received (personal data: an operators' API on the aggregator's internal port).
 */
@Component
class RequestStatusRoute extends RouteBuilder {

    private final RequestStatusQuery query;
    private final InsurerAuditLog audit;

    RequestStatusRoute(RequestStatusQuery query, InsurerAuditLog audit) {
        this.query = query;
        this.audit = audit;
    }

    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.json);

        rest("/osago/requests")
                .get("/{id}").produces("application/json").to("direct:request-status")
                .get("/{id}/exchanges").produces("application/json").to("direct:request-exchanges");

        from("direct:request-status")
                .routeId("request-status")
                .bean(query, "find(${header.id})").id("find-request")
                .choice()
                    .when(body().isNull())
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                        .setBody(exchange -> Map.of("error", "unknown request"))
                .end();

        from("direct:request-exchanges")
                .routeId("request-exchanges")
                .choice()
                    .when(method(query, "exists(${header.id})"))
                        .bean(audit, "entries(${header.id})").id("find-exchanges")
                    .otherwise()
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                        .setBody(exchange -> Map.of("error", "unknown request"))
                .end();
    }
}
