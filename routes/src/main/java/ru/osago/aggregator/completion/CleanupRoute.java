package ru.osago.aggregator.completion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.sql.Timestamp;
import java.time.Clock;

/** Deletes completed requests (their insurer rows and audit rows with them) once the retention has passed. */
@Component
class CleanupRoute extends RouteBuilder {

    private final AggregatorProperties properties;
    private final Clock clock;
    private final ExpiredRequests expired;

    CleanupRoute(AggregatorProperties properties, Clock clock, ExpiredRequests expired) {
        this.properties = properties;
        this.clock = clock;
        this.expired = expired;
    }

    @Override
    public void configure() {
        from("timer:cleanup?period={{osago.cleanup.period-ms}}")
                .routeId("cleanup")
                .setHeader("cutoff", () -> Timestamp.from(clock.instant().minus(properties.cleanup().retention())))
                .bean(expired, "delete").id("delete-expired")
                .filter(simple("${body[requests]} > 0"))
                    .log("deleted ${body[requests]} completed requests older than {{osago.cleanup.retention}}"
                            + " and their ${body[audit_rows]} audit rows")
                .end();
    }
}
