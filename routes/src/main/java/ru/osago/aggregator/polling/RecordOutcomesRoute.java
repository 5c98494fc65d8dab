package ru.osago.aggregator.polling;

import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerClient;
import ru.osago.aggregator.state.OutcomeLedger;

/**
 * Where every insurer call ends: the Aggregator collects outcomes into batches (by size, or every
 * {@code osago.outcomes.batch-ms}), and each batch is recorded in one transaction (rows, events, audit,
 * early completions) and its events sent in one JMS transaction after the commit. Batches are recorded one
 * at a time on the route's own thread, never on the HTTP client's I/O threads. Outcomes still in memory
 * when an instance dies are not lost work: their rows' leases end and the poller claims them again.
 */
@Component
class RecordOutcomesRoute extends RouteBuilder {

    private final OutcomeLedger ledger;
    private final AggregatorProperties.Outcomes settings;

    RecordOutcomesRoute(OutcomeLedger ledger, AggregatorProperties properties) {
        this.ledger = ledger;
        this.settings = properties.outcomes();
    }

    @Override
    public void configure() {
        from(InsurerClient.OUTCOMES)
                .routeId("record-outcomes")
                // groupedBody: a list of the outcomes. (flexible(...).accumulateInCollection(ArrayList.class) had
                // Spring's injector build each batch's list, searching the bean factory on the I/O threads)
                .aggregate(constant(true), AggregationStrategies.groupedBody())
                    .completionSize(settings.batchSize())
                    .completionInterval(settings.batchMs())
                    .forceCompletionOnStop()
                    .executorService(getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "record-outcomes"))
                    // kept beside the events, for logs and tests: which calls the batch held
                    .setProperty("osagoOutcomes", body())
                    .bean(ledger, "record").id("record-batch")
                    .to("direct:publish-events").id("publish-batch-events")
                .end();
    }
}
