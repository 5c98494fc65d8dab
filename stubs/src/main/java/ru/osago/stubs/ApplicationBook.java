package ru.osago.stubs;

import ru.osago.model.QuoteRequest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The applications one insurer holds, found by id or by Idempotency-Key. Both dialects share it: they
 * differ only in how they spell requests and answers.
 */
final class ApplicationBook {

    static final Duration RETENTION = Duration.ofMinutes(10);
    static final String DECLINE_REASON = "vehicle not insurable by this company";
    private static final Duration OFFER_VALIDITY = Duration.ofDays(3);

    /** An application and its planned outcome; {@code premiumRub} is null when declined. */
    record Application(String id, int requestFingerprint, long createdNanos, long readyNanos,
                       boolean declined, String offerId, BigDecimal premiumRub, Instant validUntil) {

        long remainingMs(long nowNanos) {
            return Math.max(0, (readyNanos - nowNanos) / 1_000_000);
        }

        boolean ready(long nowNanos) {
            return nowNanos - readyNanos >= 0;
        }
    }

    enum Outcome { CREATED, REPLAYED, KEY_REUSED }

    record Created(Outcome outcome, Application application) {
    }

    private final StubConfig config;
    private final OutcomePlanner planner;
    private final StubCounters counters;
    private final String offerPrefix;
    private final Map<String, Application> byKey = new ConcurrentHashMap<>();
    private final Map<String, Application> byId = new ConcurrentHashMap<>();

    ApplicationBook(StubConfig config, StubCounters counters) {
        this.config = config;
        this.planner = new OutcomePlanner(config);
        this.counters = counters;
        this.offerPrefix = offerPrefix(config.id());
    }

    /**
     * Creates the application for a new key, or returns the one already made for it. A key sent again
     * with a different request is refused, as real idempotent APIs do, so a client bug surfaces.
     */
    Created create(String idempotencyKey, QuoteRequest request) {
        int fingerprint = request.hashCode();
        Application[] made = new Application[1];
        Application application = byKey.computeIfAbsent(idempotencyKey,
                key -> made[0] = newApplication(key, request, fingerprint));
        if (application == made[0]) {
            byId.put(application.id(), application);
            counters.applicationCreated();
            return new Created(Outcome.CREATED, application);
        }
        counters.duplicatePost();
        Outcome outcome = application.requestFingerprint() == fingerprint ? Outcome.REPLAYED : Outcome.KEY_REUSED;
        return new Created(outcome, application);
    }

    Optional<Application> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Keeps memory bounded under load: nobody polls an application after the 60-second deadline. */
    void evictOlderThan(Duration age, long nowNanos) {
        long cutoff = nowNanos - age.toNanos();
        byKey.values().removeIf(application -> application.createdNanos() - cutoff < 0);
        byId.values().removeIf(application -> application.createdNanos() - cutoff < 0);
    }

    int size() {
        return byId.size();
    }

    private Application newApplication(String key, QuoteRequest request, int fingerprint) {
        OutcomePlanner.Plan plan = planner.plan(key);
        long now = System.nanoTime();
        long ready = now + plan.delayMs() * 1_000_000;
        Instant validUntil = Instant.now().plusMillis(plan.delayMs()).plus(OFFER_VALIDITY).truncatedTo(ChronoUnit.SECONDS);
        BigDecimal premium = plan.declined() ? null
                : PremiumCalculator.premiumRub(request, config.basePremiumRub(), plan.premiumFactor());
        return new Application(UUID.randomUUID().toString(), fingerprint, now, ready, plan.declined(),
                offerPrefix + "-" + plan.offerSuffix(), premium, validUntil);
    }

    /** "bereza" → "BRZ": the company's consonants, like the offer numbers insurers print. */
    static String offerPrefix(String id) {
        String consonants = id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]|[AEIOU]", "");
        String letters = consonants.length() >= 3 ? consonants : id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "") + "XXX";
        return letters.substring(0, 3);
    }
}
