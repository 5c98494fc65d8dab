package ru.osago.aggregator.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.util.Map;

/**
 * Bounded work in flight: while {@code osago.intake.max-open-requests} requests are OPEN (all instances
 * together), intake takes no new one. The consumer waits before reading the message's content, so
 * requests wait in {@code rq.queue}, not accepted, rather than accepted and then unable to get their
 * insurers' answers before the deadline. The count is read from the state table at most once a second. A
 * stop does not wait for room: the waiting request is handed back to the queue.
 */
@Component
class IntakeBackpressure {

    private static final long RECOUNT_MS = 1000;
    private static final long WAIT_MS = 50;

    private final NamedParameterJdbcTemplate jdbc;
    private final int maxOpen;
    private volatile long open;
    private volatile long countedAt;

    IntakeBackpressure(NamedParameterJdbcTemplate jdbc, AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.maxOpen = properties.intake().maxOpenRequests();
    }

    /** Returns when there is room; throws (the request goes back to rq.queue) when intake is being stopped. */
    public void awaitRoom(Exchange exchange) throws InterruptedException {
        while (openRequests() >= maxOpen) {
            if (stopping(exchange.getContext())) {
                throw new IllegalStateException("intake is stopping: the request goes back to rq.queue");
            }
            Thread.sleep(WAIT_MS);
        }
    }

    /** This instance is stopping, or intake is. */
    static boolean stopping(CamelContext camel) {
        ServiceStatus intake = camel.getRouteController().getRouteStatus("intake");
        return camel.isStopping() || intake == null || intake.isStopping() || intake.isStopped();
    }

    private long openRequests() {
        long now = System.currentTimeMillis();
        if (now - countedAt >= RECOUNT_MS) {
            Long count = jdbc.queryForObject("select count(*) from quote_request where status = 'OPEN'", Map.of(), Long.class);
            open = count == null ? 0 : count;
            countedAt = now;
        }
        return open;
    }
}
