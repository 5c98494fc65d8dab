package ru.osago.aggregator.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.polling.ClaimGovernor;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded work in flight: while {@code osago.intake.max-open-requests} requests are OPEN (all instances
 * together), intake takes no new one. The consumer waits before reading the message's content, so
 * requests wait in {@code rq.queue}, not accepted, rather than accepted and then unable to get their
 * insurers' answers before the deadline. A stop does not wait for room: the waiting request is handed back
 * to the queue.
 * <p>
 * The count walks every OPEN request's entry in {@code quote_request_open_by_deadline}, and those of requests
 * completed since the last VACUUM (about 13,000 at 150 requests/s), with a heap fetch each: when every JMS
 * consumer counted for itself, that was the largest index walk in PostgreSQL. So one consumer counts while
 * the others go on with the last count, once a second near the bound and every 5 s below half of it
 * (the bound is 45,000 by default: 5 s would take 4,500 accepted requests/s to overshoot it).
 */
@Component
class IntakeBackpressure {

    private static final long RECOUNT_NEAR_BOUND_MS = 1000;
    private static final long RECOUNT_MS = 5000;
    private static final long WAIT_MS = 50;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final ClaimGovernor governor;
    private final int maxOpen;
    /** From here on the bound paces intake (see {@link ClaimGovernor#intakePacedByBound()}). */
    private final int nearBound;
    private volatile long open;
    /** When the count is read again; Long.MAX_VALUE while one consumer reads it. */
    private final AtomicLong recountAt = new AtomicLong();

    IntakeBackpressure(NamedParameterJdbcTemplate jdbc, Clock clock, ClaimGovernor governor, AggregatorProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.governor = governor;
        this.maxOpen = properties.intake().maxOpenRequests();
        this.nearBound = maxOpen - maxOpen / 10;
    }

    /** Returns when there is room; throws (the request goes back to rq.queue) when intake is being stopped. */
    public void awaitRoom(Exchange exchange) throws InterruptedException {
        long openNow = openRequests();
        while (openNow >= nearBound) {
            // the queue waits are the bound's now: the claim governor must not take them for a busy CPU
            governor.intakePacedByBound();
            if (openNow < maxOpen) {
                return;
            }
            if (stopping(exchange.getContext())) {
                throw new IllegalStateException("intake is stopping: the request goes back to rq.queue");
            }
            Thread.sleep(WAIT_MS);
            openNow = openRequests();
        }
    }

    /** This instance is stopping, or intake is. */
    static boolean stopping(CamelContext camel) {
        ServiceStatus intake = camel.getRouteController().getRouteStatus("intake");
        return camel.isStopping() || intake == null || intake.isStopping() || intake.isStopped();
    }

    private long openRequests() {
        long now = clock.millis();
        long due = recountAt.get();
        if (now >= due && recountAt.compareAndSet(due, Long.MAX_VALUE)) {
            try {
                Long count = jdbc.queryForObject("select count(*) from quote_request where status = 'OPEN'",
                        Map.of(), Long.class);
                open = count == null ? 0 : count;
            } finally {
                recountAt.set(now + (open >= maxOpen / 2 ? RECOUNT_NEAR_BOUND_MS : RECOUNT_MS));
            }
        }
        return open;
    }
}
