package ru.osago.aggregator.polling;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.completion.CompletionRoute;
import ru.osago.aggregator.insurer.InsurerOutcomes;

/**
 * The end of every insurer call (the YAML routes come here): store what it came to, and when the
 * insurer reached a final state, hand the request id to the completion aggregator.
 */
@Component
class RecordOutcomeRoute extends RouteBuilder {

    private final InsurerOutcomes outcomes;

    RecordOutcomeRoute(InsurerOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void configure() {
        from("direct:record-outcome")
                .routeId("record-outcome")
                .setHeader(CompletionRoute.DEADLINE, simple("${exchangeProperty.osagoInsurerCall.deadline}"))
                .bean(outcomes, "record").id("record")
                .filter(body().isNotNull())
                    .to("direct:completion").id("to-completion")
                .end();
    }
}
