package ru.osago.aggregator.completion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.sql.Timestamp;
import java.time.Clock;

/** Deletes completed requests (and their insurer rows) once the retention has passed. */
@Component
class CleanupRoute extends RouteBuilder {

    private final AggregatorProperties properties;
    private final Clock clock;

    CleanupRoute(AggregatorProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:cleanup?period={{osago.cleanup.period-ms}}")
                .routeId("cleanup")
                .setHeader("cutoff", () -> Timestamp.from(clock.instant().minus(properties.cleanup().retention())))
                .to("sql:delete from quote_request where status = 'COMPLETED' and completed_at < :#cutoff").id("delete-expired")
                .filter(header("CamelSqlUpdateCount").isGreaterThan(0))
                    .log("deleted ${header.CamelSqlUpdateCount} completed requests older than {{osago.cleanup.retention}}")
                .end();
    }
}
