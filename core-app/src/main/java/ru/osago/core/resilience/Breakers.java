package ru.osago.core.resilience;

import org.apache.camel.model.Resilience4jConfigurationDefinition;

/**
 * Resilience4j settings of core-app's circuit breakers, read from {@code osago.core.<name>.breaker.*} in
 * application.yml. Resilience4j's own slow-call threshold (60 s) would never trip, so every breaker here
 * has a time limit that counts as a failure.
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
        config.setTimeoutEnabled("true");
        config.setTimeoutDuration(key + "timeout-ms}}");
        return config;
    }
}
