package ru.osago.aggregator.polling;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerCall;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * The polling loop: every period, claim a batch of due rows from the state table in one atomic
 * UPDATE … FOR UPDATE SKIP LOCKED … RETURNING (so instances never take the same row; each claimed
 * row is leased until its call is recorded) and drop each call on its insurer's queue. CREATED rows
 * (a POST that never happened: crash, full queue) get their POST here; IN_PROGRESS rows are polled.
 */
@Component
class OfferPollerRoute extends RouteBuilder {

    private final AggregatorProperties properties;
    private final Clock clock;

    OfferPollerRoute(AggregatorProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:offer-poller?period={{osago.polling.period-ms}}")
                .routeId("offer-poller")
                .setHeader("now", () -> Timestamp.from(clock.instant()))
                .setHeader("leaseUntil", () -> Timestamp.from(clock.instant().plus(properties.polling().lease())))
                .setHeader("batchSize", constant(properties.polling().batchSize()))
                .to("sql:classpath:sql/claim-due-calls.sql").id("claim-due-calls")
                .split(body())
                    .bean(ClaimedCall.class, "toCall").id("to-insurer-call")
                    .setProperty(InsurerCall.PROPERTY, body())
                    .recipientList(simple("seda:insurer-${body.insurerId}")).id("poll-to-insurer-queue")
                .end();
    }
}
