package ru.osago.aggregator.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.OperatorSecurity;
import ru.osago.model.OsagoJson;

/**
 * The operators' API, beside the status API on the aggregator's port (OperatorSecurity: role read to look,
 * control to act). {@code GET /osago/insurers}: each insurer's switches, breakers and last minutes of calls;
 * {@code GET /osago/insurers/audit}: the control actions; {@code POST /osago/insurers/{id}/disable}, {@code enable},
 * {@code breaker/open}, {@code breaker/release} with {@code {"reason": "..."}}.
 */
@Component
class OperatorApiRoute extends RouteBuilder {

    /** Exchange property: the authenticated operator (OperatorSecurity replaces any such header a client sends). */
    static final String OPERATOR = "osagoOperator";
    private static final ObjectMapper JSON = OsagoJson.mapper();

    private final InsurerOverview overview;
    private final OperatorAudit audit;
    private final ControlActions actions;

    OperatorApiRoute(InsurerOverview overview, OperatorAudit audit, ControlActions actions) {
        this.overview = overview;
        this.audit = audit;
        this.actions = actions;
    }

    @Override
    public void configure() {
        rest("/osago/insurers")
                .get().produces("application/json").to("direct:insurer-overview")
                .get("/audit").produces("application/json").to("direct:operator-audit")
                // a JSON body only (415 otherwise): a cross-site form cannot send one, so no CSRF token is needed.
                // ControlActions checks the content type and reads the body (binding off), so bad JSON is a 400 with
                // field errors (Camel's own request validation answers with a line of text)
                .post("/{id}/{action}").consumes("application/json").produces("application/json")
                    .bindingMode(RestBindingMode.off).to("direct:insurer-control-action")
                .post("/{id}/breaker/{breakerAction}").consumes("application/json").produces("application/json")
                    .bindingMode(RestBindingMode.off).to("direct:insurer-breaker-action");

        from("direct:insurer-overview")
                .routeId("insurer-overview")
                .removeHeaders("*")
                .bean(overview, "now").id("merge-samples");

        from("direct:operator-audit")
                .routeId("operator-audit")
                .removeHeaders("*")
                .bean(audit, "latest").id("read-actions");

        // two routes with the same steps: the REST DSL inlines a route it calls, so neither can call the other
        control(from("direct:insurer-control-action").routeId("insurer-control-action"));
        control(from("direct:insurer-breaker-action").routeId("insurer-breaker-action")
                .setHeader("action", simple("breaker-${header.breakerAction}")).id("breaker-action-name"));
    }

    private void control(RouteDefinition route) {
        route.process(exchange -> exchange.setProperty(OPERATOR, operator(exchange)))
                .convertBodyTo(String.class)
                .bean(actions, "act(${header.id}, ${header.action}, ${header.Content-Type}, ${body}, ${exchangeProperty." + OPERATOR + "})")
                // nothing of the request (its Authorization header included) goes back as a response header
                .removeHeaders("*")
                .process(exchange -> {
                    ControlActions.Reply reply = exchange.getMessage().getBody(ControlActions.Reply.class);
                    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    exchange.getMessage().setBody(JSON.writeValueAsString(reply.body()));
                });
    }

    /** The name Spring Security authenticated for this HTTP request (OperatorSecurity puts it in a header). */
    private static String operator(Exchange exchange) {
        String name = exchange.getMessage().getHeader(OperatorSecurity.OPERATOR_HEADER, String.class);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("a control action without an authenticated operator");
        }
        return name;
    }
}
