package ru.osago.core.resilience;

import org.apache.camel.model.Resilience4jConfigurationDefinition;

/**
 * Resilience4j settings of core-app's circuit breakers, read from {@code osago.core.<name>.breaker.*} in
 * application.yml. No Camel time limit: when it fires, Camel runs the fallback but still copies the late
 * call's exception onto the exchange afterwards, which turned a "go on without it" into a 500. The calls
 * bound their own time instead ({@code timeout-ms}) and fail with an exception the breaker counts.
 */
public final class Breakers {

    private Breakers() {
    }

    public static Resilience4jConfigurationDefinition fromProperties(String prefix) {
        String key = "{{osago.core." + prefix + ".breaker.";
        Resilience4jConfigurationDefinition config = new Resilience4jConfigurationDefinition();
        config.setSlidingWindowSize(key + "sliding-window-size}}");
        config.setMinimumNumberOfCalls(key + "minimum-number-of-calls}}");
        config.setFailureRateThreshold(key + "failure-rate-threshold}}");
        config.setWaitDurationInOpenState(key + "wait-in-open-seconds}}");
        config.setPermittedNumberOfCallsInHalfOpenState(key + "calls-in-half-open}}");
        config.setTimeoutEnabled("false");
        return config;
    }
}
