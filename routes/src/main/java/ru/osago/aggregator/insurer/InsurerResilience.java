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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What protects everybody from one insurer, built from its file: a rate limit (the calls per second agreed
 * with it), a bulkhead (its calls in flight, the file's {@code threads}) and a circuit breaker. All three
 * are Resilience4j decorators on the call's CompletionStage and never wait: a call beyond the rate limit
 * or the bulkhead is put off at once, and one refused by the open breaker fails at once.
 */
@Component
public class InsurerResilience {

    /** One insurer's guards. */
    public record Guards(RateLimiter rateLimiter, Bulkhead bulkhead, CircuitBreaker breaker) {

        /** The rate limit is asked first, so a call put off takes no bulkhead place and no breaker trial. */
        public <T> Supplier<CompletionStage<T>> decorate(Supplier<CompletionStage<T>> call) {
            Supplier<CompletionStage<T>> guarded = CircuitBreaker.decorateCompletionStage(breaker, call);
            guarded = Bulkhead.decorateCompletionStage(bulkhead, guarded);
            return RateLimiter.decorateCompletionStage(rateLimiter, guarded);
        }
    }

    private final Map<String, Guards> guards;

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();

    InsurerResilience(InsurerCatalog catalog, MeterRegistry meters) {
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
        return new Guards(rateLimiter, bulkhead, breaker);
    }
}
