package ru.osago.stubs;

/** The per-call fault probabilities of one stub, each in [0, 1]. */
record FaultRates(double throttle, double hang, double reset, double error, double malformed) {

    static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0);

    FaultRates {
        for (double rate : new double[] {throttle, hang, reset, error, malformed}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("fault rates must be within [0, 1]");
            }
        }
    }

    static FaultRates of(StubConfig config) {
        return new FaultRates(config.throttleRate(), config.hangRate(), config.resetRate(), config.errorRate(),
                config.malformedRate());
    }
}
