package ru.osago.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line each time a circuit breaker of core-app's routes changes state: a warning when it opens, the
 * rest as information. The calls a breaker skips while open are not logged one by one, so this line is how the
 * log tells that client-info or the broker is being skipped, and since when.
 */
@Component
class BreakerTransitionLog extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerTransitionLog.class);

    BreakerTransitionLog() {
        setIgnoreExchangeEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelContextStartedEvent;
    }

    /** The breakers exist once the routes have started. */
    @Override
    public void notify(CamelEvent event) {
        ((CamelContextStartedEvent) event).getContext().getRoutes().forEach(route -> route.filter("*").stream()
                .filter(ResilienceProcessor.class::isInstance)
                .map(ResilienceProcessor.class::cast)
                .filter(breaker -> breaker.getCircuitBreaker() != null)
                .forEach(breaker -> watch(breaker.getId(), breaker.getCircuitBreaker())));
    }

    private static void watch(String id, CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition change = event.getStateTransition();
            if (change.getToState() == CircuitBreaker.State.OPEN) {
                LOG.warn("Circuit breaker {} opened ({} -> OPEN): calls are skipped for a while", id, change.getFromState());
            } else {
                LOG.info("Circuit breaker {}: {} -> {}", id, change.getFromState(), change.getToState());
            }
        });
    }
}
