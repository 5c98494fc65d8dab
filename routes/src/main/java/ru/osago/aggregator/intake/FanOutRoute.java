package ru.osago.aggregator.intake;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.completion.CompletionRoute;
import ru.osago.aggregator.insurer.InsurerCall;

/**
 * A new request's first calls: open its completion group, then Splitter over its insurers and
 * Recipient List to each insurer's own queue ({@code seda:insurer-<id>}, the YAML routes).
 */
@Component
class FanOutRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:fan-out")
                .routeId("fan-out")
                .setHeader(CompletionRoute.DEADLINE, simple("${body.deadline}"))
                .setProperty("osagoRegistration", body())
                .setBody(simple("${body.requestId}"))
                .to("direct:completion").id("open-completion-group")
                .setBody(exchangeProperty("osagoRegistration"))
                .split(method(CreateCalls.class)).id("split-insurers")
                    .setProperty(InsurerCall.PROPERTY, body())
                    .recipientList(simple("seda:insurer-${body.insurerId}")).id("fan-out-to-insurer-queue")
                .end();
    }
}
