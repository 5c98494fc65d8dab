package ru.osago.aggregator.polling;

import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.ExecutorService;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerClient;
import ru.osago.aggregator.insurer.OutcomeBacklog;
import ru.osago.aggregator.state.OutboundEvent;
import ru.osago.aggregator.state.OutcomeLedger;

/**
 * Where every insurer call ends: the Aggregator collects outcomes into batches (by size, or every
 * {@code osago.outcomes.batch-ms}), the Splitter divides a batch among up to {@code osago.outcomes.writers}
 * writers by request id (fewer when the batch is small), and each writer records its part in one transaction
 * (rows, events, audit, early completions) and sends its events in one JMS transaction after the commit. The
 * writers work in parallel (one writer saturated at about 135 requests/s), never on the HTTP client's I/O
 * threads; batches are recorded one after another. Outcomes still in memory when an instance dies are not lost work: their
 * rows' leases end and the poller claims them again. How many wait here is the {@link OutcomeBacklog}, which
 * bounds the poller's claims.
 */
@Component
class RecordOutcomesRoute extends RouteBuilder {

    private final OutcomeLedger ledger;
    private final OutcomeBacklog backlog;
    private final AggregatorProperties.Outcomes settings;

    RecordOutcomesRoute(OutcomeLedger ledger, OutcomeBacklog backlog, AggregatorProperties properties) {
        this.ledger = ledger;
        this.backlog = backlog;
        this.settings = properties.outcomes();
    }

    /** One writer's part: recorded, and then (whatever happened) no longer waiting in the backlog. */
    public List<OutboundEvent> record(List<CallOutcome> outcomes) {
        try {
            return ledger.record(outcomes);
        } finally {
            backlog.done(outcomes.size());
        }
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
                    .split(method(new OutcomeWriters(settings.writers(), settings.writerMinOutcomes()), "byRequest"))
                        .parallelProcessing().executorService(writers()).id("split-by-writer")
                        // kept beside the events, for logs and tests: which calls the writer's part held
                        .setProperty("osagoOutcomes", body())
                        .bean(this, "record").id("record-batch")
                        .to("direct:publish-events").id("publish-batch-events")
                    .end()
                .end();
    }

    private ExecutorService writers() {
        return getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "record-outcomes-writer", settings.writers());
    }
}
