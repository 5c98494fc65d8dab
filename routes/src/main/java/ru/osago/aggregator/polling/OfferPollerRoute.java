package ru.osago.aggregator.polling;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.OutcomeBacklog;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * The polling loop: every period, claim the due rows of the state table in one atomic
 * UPDATE … FOR UPDATE SKIP LOCKED … RETURNING (instances never take the same row; each is leased until
 * its outcome is recorded), then the Splitter makes one batch per insurer and the Recipient List hands
 * each batch to its insurer's route, {@code direct:insurer-<id>}, which starts the calls and returns.
 * CREATED rows get their POST (a new request's first calls, or a POST that never happened), IN_PROGRESS
 * rows are polled for the offer, TIMEOUT rows still polled for a late offer. A claim takes no more rows
 * than the {@link OutcomeBacklog} has room for: insurer work the writers cannot keep up with stays in the table;
 * and no more than the {@link ClaimGovernor} allows: while intake is behind, insurer work gives way to it.
 * The period is the cluster's: N instances each claim on every N-th tick ({@link PollCadence}).
 */
@Component
class OfferPollerRoute extends RouteBuilder {

    private final AggregatorProperties properties;
    private final OutcomeBacklog backlog;
    private final ClaimGovernor governor;
    private final PollCadence cadence;
    private final Clock clock;

    OfferPollerRoute(AggregatorProperties properties, OutcomeBacklog backlog, ClaimGovernor governor, PollCadence cadence,
                     Clock clock) {
        this.properties = properties;
        this.backlog = backlog;
        this.governor = governor;
        this.cadence = cadence;
        this.clock = clock;
    }

    /**
     * Only on this instance's share of the ticks ({@link PollCadence}). Bounded work in flight: while outcomes
     * wait to be recorded, claim only what the backlog has room for;
     * while intake is behind, only what the governor allows, newest first (claim-due-calls.sql takes the
     * rows from one end of the due index or the other).
     */
    private void sizeTheClaim(Exchange exchange) {
        if (!cadence.claimsOnThisTick()) {
            exchange.getMessage().setHeader("batchSize", 0);
            return;
        }
        ClaimGovernor.Claim claim = governor.nextClaim();
        int rows = Math.min(claim.limit(), backlog.room());
        exchange.getMessage().setHeader("batchSize", rows);
        exchange.getMessage().setHeader("oldestFirst", claim.newestFirst() ? 0 : rows);
        exchange.getMessage().setHeader("newestFirst", claim.newestFirst() ? rows : 0);
    }

    @Override
    public void configure() {
        from("timer:offer-poller?period={{osago.polling.period-ms}}")
                .routeId("offer-poller")
                .process(this::sizeTheClaim).id("size-the-claim")
                .filter(simple("${header.batchSize} > 0")).id("while-backlog-has-room")
                    .setHeader("now", () -> Timestamp.from(clock.instant()))
                    .setHeader("leaseUntil", () -> Timestamp.from(clock.instant().plus(properties.polling().lease())))
                    .to("sql:classpath:sql/claim-due-calls.sql").id("claim-due-calls")
                    .split(method(CallBatches.class, "byInsurer")).id("split-by-insurer")
                        .recipientList(CallBatches.INSURER_ROUTE).id("to-insurer-route")
                    .end()
                .end();
    }
}
