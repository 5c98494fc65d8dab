package ru.osago.core.limit;

import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Deletes buckets that are full again (their users are within the limit anyway), so the table stays small. */
@Component
class RateLimitCleanupRoute extends RouteBuilder {

    private final ExpiredEntriesCleaner buckets;

    RateLimitCleanupRoute(ExpiredEntriesCleaner buckets) {
        this.buckets = buckets;
    }

    @Override
    public void configure() {
        from("timer:rate-limit-cleanup?period={{osago.core.rate-limit.cleanup-period}}&delay={{osago.core.rate-limit.cleanup-period}}")
                .routeId("rate-limit-cleanup")
                .description("Removes expired per-user rate-limit buckets in batches")
                .process(e -> buckets.removeExpired(1000)).id("remove-expired-buckets");
    }
}
