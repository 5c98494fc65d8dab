package ru.osago.aggregator.insurer;

import java.util.List;
import java.util.Map;

/**
 * One insurer, as an integration engineer describes it in {@code route-config-yaml/insurers/<id>.yaml}.
 * Every section is optional but {@code id}, {@code name} and {@code baseUrl}; an absent section takes
 * the defaults below, and an absent {@code api} section means the standard insurer API (README, "Contracts").
 */
public record InsurerSettings(
        String id,
        String name,
        Boolean enabled,
        String baseUrl,
        Auth auth,
        Timeouts timeouts,
        Integer rateLimitPerSecond,
        Integer threads,
        CircuitBreaker circuitBreaker,
        Retry retry,
        Polling polling,
        Api api) {

    public InsurerSettings {
        enabled = enabled == null || enabled;
        timeouts = timeouts == null ? new Timeouts(null, null) : timeouts;
        rateLimitPerSecond = rateLimitPerSecond == null ? 500 : rateLimitPerSecond;
        threads = threads == null ? 50 : threads;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null, null, null) : circuitBreaker;
        retry = retry == null ? new Retry(null, null, null) : retry;
        polling = polling == null ? new Polling(null, null, null) : polling;
        api = api == null ? Api.STANDARD : api;
    }

    /** A header whose value comes from an environment variable, never from the file. */
    public record Auth(String header, String valueFromEnv) {
    }

    public record Timeouts(Integer connectMs, Integer callMs) {
        public Timeouts {
            connectMs = connectMs == null ? 1000 : connectMs;
            callMs = callMs == null ? 3000 : callMs;
        }
    }

    /** Resilience4j settings; the slow-call threshold is far below Resilience4j's 60 s default. */
    public record CircuitBreaker(Integer failureRatePercent, Integer slowCallMs, Integer slowCallRatePercent,
                                 Integer windowSize, Integer minimumCalls, Integer openMs) {
        public CircuitBreaker {
            failureRatePercent = failureRatePercent == null ? 50 : failureRatePercent;
            slowCallMs = slowCallMs == null ? 2000 : slowCallMs;
            slowCallRatePercent = slowCallRatePercent == null ? 80 : slowCallRatePercent;
            windowSize = windowSize == null ? 50 : windowSize;
            minimumCalls = minimumCalls == null ? 20 : minimumCalls;
            openMs = openMs == null ? 10_000 : openMs;
        }
    }

    /** Failed calls (errors, timeouts, 429) are retried with exponential backoff, up to maxFailures in a row. */
    public record Retry(Integer maxFailures, Integer backoffMs, Integer maxBackoffMs) {
        public Retry {
            maxFailures = maxFailures == null ? 3 : maxFailures;
            backoffMs = backoffMs == null ? 500 : backoffMs;
            maxBackoffMs = maxBackoffMs == null ? 5000 : maxBackoffMs;
        }
    }

    /** While the insurer says "pending": first poll after firstDelayMs, then intervals doubling up to maxIntervalMs. */
    public record Polling(Integer firstDelayMs, Integer intervalMs, Integer maxIntervalMs) {
        public Polling {
            firstDelayMs = firstDelayMs == null ? 300 : firstDelayMs;
            intervalMs = intervalMs == null ? 500 : intervalMs;
            maxIntervalMs = maxIntervalMs == null ? 5000 : maxIntervalMs;
        }
    }

    /**
     * The insurer's dialect. {@code request} maps target JSON pointers to ours ({@code /car/vin: /vehicle/vin};
     * {@code []} maps array elements one by one); empty sends our application as it is. Response fields
     * are JSON pointers; status values say which answers mean pending, offer and declined.
     */
    public record Api(String createPath, String offerPath, Map<String, String> request, String idField,
                      String statusField, List<String> pending, List<String> offer, List<String> declined,
                      String premiumField, PremiumUnit premiumUnit, String currencyField, String offerIdField,
                      String validUntilField, String reasonField) {

        static final Api STANDARD = new Api(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);

        public Api {
            createPath = createPath == null ? "/osago/applications" : createPath;
            offerPath = offerPath == null ? "/osago/applications/{id}/offer" : offerPath;
            request = request == null ? Map.of() : Map.copyOf(request);
            idField = idField == null ? "/applicationId" : idField;
            statusField = statusField == null ? "/status" : statusField;
            pending = pending == null ? List.of("PENDING") : List.copyOf(pending);
            offer = offer == null ? List.of("OFFER") : List.copyOf(offer);
            declined = declined == null ? List.of("DECLINED") : List.copyOf(declined);
            premiumField = premiumField == null ? "/premium" : premiumField;
            premiumUnit = premiumUnit == null ? PremiumUnit.RUB : premiumUnit;
            currencyField = currencyField == null ? "/currency" : currencyField;
            offerIdField = offerIdField == null ? "/offerId" : offerIdField;
            validUntilField = validUntilField == null ? "/validUntil" : validUntilField;
            reasonField = reasonField == null ? "/reason" : reasonField;
        }
    }

    public enum PremiumUnit { RUB, KOPECKS }
}
