package ru.osago.aggregator.completion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.state.QuoteLedger;

/**
 * The guarantee behind the aggregator: any OPEN request past its deadline is completed here, whichever
 * instance accepted it and whether or not that instance is still alive.
 */
@Component
class DeadlineSweeperRoute extends RouteBuilder {

    private final QuoteLedger ledger;

    DeadlineSweeperRoute(QuoteLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void configure() {
        from("timer:deadline-sweeper?period={{osago.completion.sweep-period-ms}}")
                .routeId("deadline-sweeper")
                .bean(ledger, "overdue({{osago.completion.sweep-batch-size}})").id("find-overdue")
                .split(body())
                    .bean(ledger, "complete(${body})").id("complete-overdue")
                .end();
    }
}
