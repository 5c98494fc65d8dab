package ru.osago.aggregator.polling;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.OutcomeBuffer;
import ru.osago.aggregator.state.OutcomeLedger;

/**
 * Where every insurer call ends: at each tick the route takes every outcome waiting in the {@link OutcomeBuffer}
 * (up to {@code osago.outcomes.batch-size}) and records the batch in one transaction (rows, events, audit, early
 * completions), then sends its events in one JMS transaction after the commit. A tick begins only when the last
 * one has ended (the timer waits for its route), so while a batch is written the next one gathers: under load the
 * batches grow and their fixed costs (commit, JMS commit) are shared by more outcomes, where a batch closed every
 * {@code batch-ms} regardless (the Aggregator this route used before) queued ever more small batches behind one
 * writer. Outcomes still in memory when an instance dies are not lost work: their rows' leases end and the poller
 * claims them again.
 */
@Component
class RecordOutcomesRoute extends RouteBuilder {

    private final OutcomeBuffer outcomes;
    private final OutcomeLedger ledger;
    private final AggregatorProperties.Outcomes settings;

    RecordOutcomesRoute(OutcomeBuffer outcomes, OutcomeLedger ledger, AggregatorProperties properties) {
        this.outcomes = outcomes;
        this.ledger = ledger;
        this.settings = properties.outcomes();
    }

    @Override
    public void configure() {
        from("timer:record-outcomes?period={{osago.outcomes.batch-ms}}")
                .routeId("record-outcomes")
                .setBody(exchange -> outcomes.take(settings.batchSize())).id("take-waiting-outcomes")
                .filter(simple("${body.isEmpty()} == false"))
                    // kept beside the events, for logs and tests: which calls the batch held
                    .setProperty("osagoOutcomes", body())
                    .bean(ledger, "record").id("record-batch")
                    .to("direct:publish-events").id("publish-batch-events")
                .end();
    }
}
