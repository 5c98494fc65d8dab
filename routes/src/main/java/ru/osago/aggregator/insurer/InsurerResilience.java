package ru.osago.aggregator.insurer;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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

    InsurerResilience(InsurerCatalog catalog) {
        guards = catalog.enabledSettings().stream()
                .collect(Collectors.toUnmodifiableMap(InsurerSettings::id, InsurerResilience::guardsOf));
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

    private static Guards guardsOf(InsurerSettings insurer) {
        String name = "insurer-" + insurer.id();
        InsurerSettings.CircuitBreaker settings = insurer.circuitBreaker();
        CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallDurationThreshold(Duration.ofMillis(settings.slowCallMs()))
                .slowCallRateThreshold(settings.slowCallRatePercent())
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(Duration.ofMillis(settings.openMs()))
                .permittedNumberOfCallsInHalfOpenState(Math.min(5, settings.minimumCalls()))
                .build());
        RateLimiter rateLimiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(insurer.rateLimitPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        Bulkhead bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(insurer.threads())
                .maxWaitDuration(Duration.ZERO)
                .build());
        return new Guards(rateLimiter, bulkhead, breaker);
    }
}
