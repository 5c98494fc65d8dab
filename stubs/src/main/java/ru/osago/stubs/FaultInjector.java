package ru.osago.stubs;

import java.util.Random;

/**
 * Draws, per HTTP call, whether it fails and how. Each rate is drawn on its own, in a fixed order, so
 * the sequence is reproducible from the seed for a single-threaded client.
 */
final class FaultInjector {

    enum Fault { NONE, THROTTLE, HANG, RESET, ERROR, MALFORMED }

    private final StubConfig config;
    /** java.util.Random is thread-safe; the stub's event-loop threads share it. */
    private final Random random;

    FaultInjector(StubConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    Fault draw() {
        if (hit(config.throttleRate())) {
            return Fault.THROTTLE;
        }
        if (hit(config.hangRate())) {
            return Fault.HANG;
        }
        if (hit(config.resetRate())) {
            return Fault.RESET;
        }
        if (hit(config.errorRate())) {
            return Fault.ERROR;
        }
        return hit(config.malformedRate()) ? Fault.MALFORMED : Fault.NONE;
    }

    private boolean hit(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
