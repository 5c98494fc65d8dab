package ru.osago.stubs;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Decides what becomes of an application from the stub's seed and the Idempotency-Key alone, so a
 * retried POST or poll, or a rerun of a test, always meets the same outcome.
 */
final class OutcomePlanner {

    /** What the insurer will answer and when. {@code premiumFactor} spreads prices by ±5 %. */
    record Plan(boolean declined, long delayMs, double premiumFactor, String offerSuffix) {
    }

    private final long seed;
    private final long delayMinMs;
    private final long delayMaxMs;
    private final double declineRate;

    OutcomePlanner(StubConfig config) {
        this.seed = config.seed();
        this.delayMinMs = config.delayMinMs();
        this.delayMaxMs = config.delayMaxMs();
        this.declineRate = config.declineRate();
    }

    Plan plan(String idempotencyKey) {
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(idempotencyKey));
        boolean declined = random.nextDouble() < declineRate;
        long delay = delayMaxMs > delayMinMs ? random.nextLong(delayMinMs, delayMaxMs + 1) : delayMinMs;
        double factor = 0.95 + random.nextDouble() * 0.10;
        String suffix = String.format("%08X", random.nextInt() & 0xFFFFFFFFL);
        return new Plan(declined, delay, factor, suffix);
    }

    /** A stable 64-bit hash: String.hashCode has too few bits to spread nearby keys. */
    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
