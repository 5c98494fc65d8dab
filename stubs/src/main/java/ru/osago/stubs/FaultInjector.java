package ru.osago.stubs;

import java.util.Random;

/**
 * Draws, per HTTP call, whether it fails and how. Each rate is drawn on its own, in a fixed order, so
 * the sequence is reproducible from the seed for a single-threaded client. The rates are the stub's
 * configured ones unless the {@link FaultSwitch} replaces them for a while.
 */
final class FaultInjector {

    enum Fault { NONE, THROTTLE, HANG, RESET, ERROR, MALFORMED }

    private final StubConfig config;
    private final FaultSwitch faultSwitch;
    /** java.util.Random is thread-safe; the stub's event-loop threads share it. */
    private final Random random;

    FaultInjector(StubConfig config, FaultSwitch faultSwitch) {
        this.config = config;
        this.faultSwitch = faultSwitch;
        this.random = new Random(config.seed());
    }

    Fault draw() {
        FaultRates rates = faultSwitch.rates(config);
        if (hit(rates.throttle())) {
            return Fault.THROTTLE;
        }
        if (hit(rates.hang())) {
            return Fault.HANG;
        }
        if (hit(rates.reset())) {
            return Fault.RESET;
        }
        if (hit(rates.error())) {
            return Fault.ERROR;
        }
        return hit(rates.malformed()) ? Fault.MALFORMED : Fault.NONE;
    }

    private boolean hit(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
