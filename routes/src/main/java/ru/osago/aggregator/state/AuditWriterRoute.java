package ru.osago.aggregator.state;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Writes the audit rows of the insurer calls made since the last run, in batches (see {@link InsurerAuditLog}). */
@Component
class AuditWriterRoute extends RouteBuilder {

    private final InsurerAuditLog audit;

    AuditWriterRoute(InsurerAuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void configure() {
        from("timer:audit-writer?period={{osago.audit.flush-ms}}")
                .routeId("audit-writer")
                .bean(audit, "flush").id("write-audit-batch");
    }
}
