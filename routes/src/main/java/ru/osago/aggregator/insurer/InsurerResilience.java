package ru.osago.aggregator.insurer;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What protects everybody from one insurer, built from its file: a rate limit (the calls per second agreed
 * with it), a bulkhead (its calls in flight, the file's {@code threads}) and a circuit breaker, all
 * Resilience4j, none of which waits: a call beyond the rate limit is put off at once, one refused by the open
 * breaker fails at once, and one beyond the bulkhead waits in memory for a place ({@link WaitingCalls},
 * at most {@code osago.polling.bulkhead-wait}) and is then put off.
 */
@Component
public class InsurerResilience {

    /**
     * One insurer's guards, asked in this order: the rate limit first (so a call put off takes no bulkhead
     * place and no breaker trial), then a bulkhead place (waiting for one), then the breaker.
     */
    public record Guards(RateLimiter rateLimiter, Bulkhead bulkhead, CircuitBreaker breaker, WaitingCalls waiting) {
    }

    private final Map<String, Guards> guards;

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();

    private final Duration bulkheadWait;

    InsurerResilience(InsurerCatalog catalog, MeterRegistry meters, AggregatorProperties properties) {
        this.bulkheadWait = properties.polling().bulkheadWait();
        guards = catalog.enabledSettings().stream()
                .collect(Collectors.toUnmodifiableMap(InsurerSettings::id, this::guardsOf));
        // resilience4j_circuitbreaker_state, _calls, _not_permitted_calls; rate limiter and bulkhead gauges
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    public Guards of(String insurerId) {
        Guards insurer = guards.get(insurerId);
        if (insurer == null) {
            throw new IllegalArgumentException("no enabled insurer " + insurerId);
        }
        return insurer;
    }

    public CircuitBreaker breaker(String insurerId) {
        return of(insurerId).breaker();
    }

    private Guards guardsOf(InsurerSettings insurer) {
        String name = "insurer-" + insurer.id();
        InsurerSettings.CircuitBreaker settings = insurer.circuitBreaker();
        CircuitBreaker breaker = breakers.circuitBreaker(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallDurationThreshold(Duration.ofMillis(settings.slowCallMs()))
                .slowCallRateThreshold(settings.slowCallRatePercent())
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(Duration.ofMillis(settings.openMs()))
                .permittedNumberOfCallsInHalfOpenState(Math.min(5, settings.minimumCalls()))
                .build());
        RateLimiter rateLimiter = rateLimiters.rateLimiter(name, RateLimiterConfig.custom()
                .limitForPeriod(insurer.rateLimitPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        Bulkhead bulkhead = bulkheads.bulkhead(name, BulkheadConfig.custom()
                .maxConcurrentCalls(insurer.threads())
                .maxWaitDuration(Duration.ZERO)
                .build());
        return new Guards(rateLimiter, bulkhead, breaker, new WaitingCalls(bulkhead, bulkheadWait));
    }
}
