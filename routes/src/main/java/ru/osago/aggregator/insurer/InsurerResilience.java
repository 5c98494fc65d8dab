package ru.osago.aggregator.insurer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Each insurer's own circuit breaker and thread pool, bound in Camel's registry under the names the
 * YAML template refers to ({@code insurer-<id>-breaker}, {@code insurer-<id>-pool}).
 */
final class InsurerResilience {

    private InsurerResilience() {
    }

    static String breakerName(String insurerId) {
        return "insurer-" + insurerId + "-breaker";
    }

    static void bind(CamelContext camel, InsurerSettings insurer) {
        InsurerSettings.CircuitBreaker settings = insurer.circuitBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallDurationThreshold(Duration.ofMillis(settings.slowCallMs()))
                .slowCallRateThreshold(settings.slowCallRatePercent())
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(Duration.ofMillis(settings.openMs()))
                .permittedNumberOfCallsInHalfOpenState(Math.min(5, settings.minimumCalls()))
                .build();
        camel.getRegistry().bind(breakerName(insurer.id()), CircuitBreaker.of(breakerName(insurer.id()), config));
        ExecutorService pool = camel.getExecutorServiceManager()
                .newThreadPool(InsurerResilience.class, "insurer-" + insurer.id(), insurer.threads(), insurer.threads());
        camel.getRegistry().bind("insurer-" + insurer.id() + "-pool", pool);
    }
}
