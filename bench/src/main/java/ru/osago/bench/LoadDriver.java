package ru.osago.bench;

/** Sends one request (without blocking the pacing thread) and follows its events into the tracker. */
interface LoadDriver extends AutoCloseable {

    void send(int index);

    /** Requests waiting inside the generator to be sent: the generator is the bottleneck when it grows. */
    long backlog();

    /** Requests handed over but not yet confirmed by the system (0 where sends are not confirmed apart). */
    default long unconfirmed() {
        return 0;
    }
}
