package ru.osago.aggregator.state;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stands in for PostgreSQL's autovacuum where a server runs without it. The hot tables churn (two row
 * versions per insurer call, every outbox row deleted at once): without VACUUM the claim's index walks
 * ever more dead entries, and without ANALYZE the planner, blind to their growth, seq-scans them. When
 * {@code autovacuum} is on (as it should be in production, with the per-table settings of the V3 and V6
 * migrations) this route does nothing.
 */
@Component
class TableMaintenanceRoute extends RouteBuilder {

    private final JdbcTemplate jdbc;

    TableMaintenanceRoute(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void configure() {
        from("timer:table-maintenance?delay={{osago.maintenance.period-ms}}&period={{osago.maintenance.period-ms}}")
                .routeId("table-maintenance")
                .filter(method(this, "autovacuumOff"))
                    .process(exchange -> jdbc.execute("vacuum (analyze) insurer_quote, quote_request, event_outbox"))
                        .id("vacuum-hot-tables")
                .end();
    }

    public boolean autovacuumOff() {
        return "off".equals(jdbc.queryForObject("show autovacuum", String.class));
    }
}
