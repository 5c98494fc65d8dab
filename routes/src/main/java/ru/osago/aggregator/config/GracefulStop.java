package ru.osago.aggregator.config;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.InsurerResilience;
import ru.osago.aggregator.insurer.InsurerSettings;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The first step of a stop (SIGTERM), before the web server and Camel: take no new work, then let the work in
 * hand end. Intake stops reading rq.queue (a request it has not committed goes back to the queue) and the poller
 * stops claiming rows; insurer calls in flight get up to {@code osago.shutdown.drain} to answer, so their outcomes
 * reach the record-outcomes batch, which Camel records when it stops that route (forceCompletionOnStop), while the
 * database pool is still open. A call still unanswered then is handed back: its row's lease
 * ({@code osago.polling.lease}) ends and any instance claims it again. A start after a stop (the same context
 * running again, as Spring's test context cache pauses and restarts one) starts the two routes again: Camel's
 * context is not stopped with them, so nothing else would.
 */
@Component
class GracefulStop implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    /** Stops before the web server's graceful shutdown (MAX - 1024) and Camel's context (MAX - 2049). */
    private static final int PHASE = Integer.MAX_VALUE - 512;
    private static final long ROUTE_STOP_SECONDS = 3;

    // looked up when the stop begins: a lifecycle bean depending on the CamelContext would have Spring start
    // the context itself, before camel-spring-boot has added the routes
    private final ObjectProvider<CamelContext> camel;
    private final ObjectProvider<InsurerCatalog> catalog;
    private final ObjectProvider<InsurerResilience> resilience;
    private final Duration drain;
    private volatile boolean running;
    /** Set by a stop, which left intake and poller stopped; the next start starts them again. */
    private volatile boolean routesStopped;

    GracefulStop(ObjectProvider<CamelContext> camel, ObjectProvider<InsurerCatalog> catalog,
                 ObjectProvider<InsurerResilience> resilience, @Value("${osago.shutdown.drain}") Duration drain) {
        this.camel = camel;
        this.catalog = catalog;
        this.resilience = resilience;
        this.drain = drain;
    }

    @Override
    public void start() {
        if (routesStopped) {
            startRoute("intake");
            startRoute("offer-poller");
            routesStopped = false; // only once both run: a start that failed is tried again by the next
        }
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        running = false;
        routesStopped = true;
        long started = System.nanoTime();
        stopRoute("intake");
        stopRoute("offer-poller");
        long giveUpAt = System.nanoTime() + drain.toNanos();
        int inFlight;
        while ((inFlight = callsInFlight()) > 0 && System.nanoTime() < giveUpAt) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("Stopping: intake and poller stopped, {} in {} ms", inFlight == 0 ? "every insurer call in flight answered"
                : inFlight + " insurer calls still in flight handed back to their leases", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void stopRoute(String routeId) {
        try {
            CamelContext context = camel.getObject();
            if (context.getRoute(routeId) != null) {
                context.getRouteController().stopRoute(routeId, ROUTE_STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("Stopping route {}: {}", routeId, e.toString());
        }
    }

    /**
     * A route that does not start fails the start: an instance that runs but takes no work must not pass for a
     * healthy one.
     */
    private void startRoute(String routeId) {
        CamelContext context = camel.getObject();
        if (context.getRoute(routeId) != null) {
            try {
                context.getRouteController().startRoute(routeId);
            } catch (Exception e) {
                throw new IllegalStateException("Starting route " + routeId + " again failed", e);
            }
        }
    }

    private int callsInFlight() {
        int calls = 0;
        for (InsurerSettings insurer : catalog.getObject().enabledSettings()) {
            var guards = resilience.getObject().of(insurer.id());
            var bulkhead = guards.bulkhead();
            calls += bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls()
                    + guards.waiting().size();
        }
        return calls;
    }
}
