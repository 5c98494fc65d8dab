package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One simulated company: where it listens, which API it speaks, how slow it is and how often each
 * HTTP call fails. Rates are probabilities in [0, 1]; {@code apiKey} null means no key is checked.
 * {@code threads} is the most event-loop threads the stub's server uses; it takes no more than there are
 * cores, since no call holds a thread (delays are timers, a hang only keeps its connection open).
 * {@code retryAfterOnCreate}: the standard dialect's POST answer says when the offer will be ready (Retry-After),
 * as its pending answers always do.
 */
public record StubConfig(
        String id,
        String name,
        int port,
        Dialect dialect,
        long delayMinMs,
        long delayMaxMs,
        double declineRate,
        double errorRate,
        double hangRate,
        double resetRate,
        double throttleRate,
        double malformedRate,
        String apiKey,
        double basePremiumRub,
        long seed,
        int threads,
        boolean retryAfterOnCreate) {

    static final double DEFAULT_BASE_PREMIUM_RUB = 4500.0;
    static final int DEFAULT_THREADS = 32;

    public StubConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dialect, "dialect");
        name = name == null ? id : name;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(id + ": port must be 0..65535");
        }
        if (delayMinMs < 0 || delayMaxMs < delayMinMs) {
            throw new IllegalArgumentException(id + ": need 0 <= delayMinMs <= delayMaxMs");
        }
        for (double rate : new double[] {declineRate, errorRate, hangRate, resetRate, throttleRate, malformedRate}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException(id + ": rates must be within [0, 1]");
            }
        }
        if (basePremiumRub <= 0 || threads < 1) {
            throw new IllegalArgumentException(id + ": basePremiumRub and threads must be positive");
        }
    }

    /** A well-behaved stub answering at once; refine it with the {@code with...} methods. */
    public static StubConfig of(String id, Dialect dialect, int port) {
        return new StubConfig(id, id, port, dialect, 0, 0, 0, 0, 0, 0, 0, 0, null,
                DEFAULT_BASE_PREMIUM_RUB, 42, DEFAULT_THREADS, false);
    }

    /** stubs.yml: every key but id, port and dialect may be left out. */
    @JsonCreator
    static StubConfig fromYaml(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty("name") String name,
            @JsonProperty(value = "port", required = true) int port,
            @JsonProperty(value = "dialect", required = true) Dialect dialect,
            @JsonProperty("delayMinMs") Long delayMinMs,
            @JsonProperty("delayMaxMs") Long delayMaxMs,
            @JsonProperty("declineRate") Double declineRate,
            @JsonProperty("errorRate") Double errorRate,
            @JsonProperty("hangRate") Double hangRate,
            @JsonProperty("resetRate") Double resetRate,
            @JsonProperty("throttleRate") Double throttleRate,
            @JsonProperty("malformedRate") Double malformedRate,
            @JsonProperty("apiKey") String apiKey,
            @JsonProperty("basePremiumRub") Double basePremiumRub,
            @JsonProperty("seed") Long seed,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("retryAfterOnCreate") Boolean retryAfterOnCreate) {
        long min = or(delayMinMs, 0L);
        return new StubConfig(id, name, port, dialect, min, or(delayMaxMs, min),
                or(declineRate, 0.0), or(errorRate, 0.0), or(hangRate, 0.0), or(resetRate, 0.0),
                or(throttleRate, 0.0), or(malformedRate, 0.0), apiKey,
                or(basePremiumRub, DEFAULT_BASE_PREMIUM_RUB), or(seed, (long) id.hashCode()),
                or(threads, DEFAULT_THREADS), or(retryAfterOnCreate, false));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    public StubConfig withName(String newName) {
        return new StubConfig(id, newName, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withPort(int newPort) {
        return new StubConfig(id, name, newPort, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withDelayMs(long min, long max) {
        return new StubConfig(id, name, port, dialect, min, max, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withDeclineRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, rate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withErrorRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, rate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withHangRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                rate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withResetRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, rate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withThrottleRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, rate, malformedRate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withMalformedRate(double rate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, rate, apiKey, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withApiKey(String key) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, key, basePremiumRub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withBasePremiumRub(double rub) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, rub, seed, threads, retryAfterOnCreate);
    }

    public StubConfig withSeed(long newSeed) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, newSeed, threads, retryAfterOnCreate);
    }

    public StubConfig withThreads(int count) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, count, retryAfterOnCreate);
    }

    public StubConfig withRetryAfterOnCreate(boolean onCreate) {
        return new StubConfig(id, name, port, dialect, delayMinMs, delayMaxMs, declineRate, errorRate,
                hangRate, resetRate, throttleRate, malformedRate, apiKey, basePremiumRub, seed, threads, onCreate);
    }
}
