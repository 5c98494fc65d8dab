package ru.osago.aggregator.completion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.state.RequestCompletion;

/**
 * The deadline half of the Aggregator: a request's insurer outcomes are aggregated in the state table
 * (correlated by request id), and a request completes when every insurer is final (done by the batch that
 * records the last answer) or, here, when its 60-second deadline comes. Every period one transaction
 * completes every OPEN request whose deadline is less than {@code osago.completion.ahead} away, whichever
 * instance accepted it and whether or not that instance is alive: open insurers become INSURER_TIMEOUT, then
 * one COMPLETED with the summary goes to the reply queue. Deciding a little ahead leaves the tick and the
 * broker's trip that much time before the deadline, rather than adding them after it. Its own timer
 * thread: completion never queues behind insurer work.
 */
@Component
class CompletionRoute extends RouteBuilder {

    private final RequestCompletion completion;

    CompletionRoute(RequestCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void configure() {
        from("timer:completion?period={{osago.completion.period-ms}}")
                .routeId("completion")
                .bean(completion, "completeOverdue({{osago.completion.batch-size}})").id("complete-overdue")
                .to("direct:publish-events").id("publish-completions");
    }
}
