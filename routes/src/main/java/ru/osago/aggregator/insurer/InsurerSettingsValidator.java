package ru.osago.aggregator.insurer;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The rules an insurer file must meet beyond its shape. */
final class InsurerSettingsValidator {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private InsurerSettingsValidator() {
    }

    static void validate(Path file, InsurerSettings s, Function<String, String> env) {
        if (s.id() == null || !ID.matcher(s.id()).matches()) {
            fail(file, "id", "is required: 2-32 lower-case letters, digits or '-', starting with a letter (was " + s.id() + ")");
        }
        if (s.name() == null || s.name().isBlank()) {
            fail(file, "name", "is required");
        }
        if (s.baseUrl() == null || s.baseUrl().isBlank()) {
            fail(file, "baseUrl", "is required");
        }
        try {
            URI uri = URI.create(s.baseUrl());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                fail(file, "baseUrl", "must be an http(s) URL with a host (was " + s.baseUrl() + ")");
            }
        } catch (IllegalArgumentException e) {
            fail(file, "baseUrl", "is not a URL: " + e.getMessage());
        }
        positive(file, "timeouts.connectMs", s.timeouts().connectMs());
        positive(file, "timeouts.callMs", s.timeouts().callMs());
        positive(file, "rateLimitPerSecond", s.rateLimitPerSecond());
        positive(file, "threads", s.threads());
        percent(file, "circuitBreaker.failureRatePercent", s.circuitBreaker().failureRatePercent());
        percent(file, "circuitBreaker.slowCallRatePercent", s.circuitBreaker().slowCallRatePercent());
        positive(file, "circuitBreaker.slowCallMs", s.circuitBreaker().slowCallMs());
        positive(file, "circuitBreaker.windowSize", s.circuitBreaker().windowSize());
        positive(file, "circuitBreaker.minimumCalls", s.circuitBreaker().minimumCalls());
        positive(file, "circuitBreaker.openMs", s.circuitBreaker().openMs());
        positive(file, "retry.maxFailures", s.retry().maxFailures());
        positive(file, "retry.backoffMs", s.retry().backoffMs());
        positive(file, "retry.maxBackoffMs", s.retry().maxBackoffMs());
        positive(file, "polling.firstDelayMs", s.polling().firstDelayMs());
        positive(file, "polling.intervalMs", s.polling().intervalMs());
        positive(file, "polling.maxIntervalMs", s.polling().maxIntervalMs());
        if (!s.api().offerPath().contains("{id}")) {
            fail(file, "api.offerPath", "must contain {id}, where the insurer's application id goes");
        }
        s.api().request().forEach((target, source) -> {
            if (!target.startsWith("/") || source == null || !source.startsWith("/")) {
                fail(file, "api.request", "maps JSON pointers that start with '/': " + target + " -> " + source);
            }
        });
        if (s.auth() != null) {
            if (s.auth().header() == null || s.auth().valueFromEnv() == null) {
                fail(file, "auth", "needs both header and valueFromEnv");
            }
            if (s.enabled() && env.apply(s.auth().valueFromEnv()) == null) {
                fail(file, "auth.valueFromEnv", "environment variable " + s.auth().valueFromEnv() + " is not set");
            }
        }
    }

    private static void positive(Path file, String field, int value) {
        if (value <= 0) {
            fail(file, field, "must be positive (was " + value + ")");
        }
    }

    private static void percent(Path file, String field, int value) {
        if (value <= 0 || value > 100) {
            fail(file, field, "must be a percentage from 1 to 100 (was " + value + ")");
        }
    }

    private static void fail(Path file, String field, String problem) {
        throw new InvalidInsurerFileException(file + ": " + field + " " + problem);
    }
}
