package ru.osago.core.stream;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a stop (SIGTERM): every stream open on this instance is ended as "going away" (WebSocket
 * 1012 service restart, SSE completed), before the web server's graceful shutdown, which would otherwise wait
 * for each open SSE request until its phase timed out. Browsers reconnect, to another instance, and reload
 * what they missed from the snapshot; the events themselves are in PostgreSQL. A start after a stop (the same
 * context running again) serves streams again.
 */
@Component
class StreamShutdown implements SmartLifecycle {

    private final StreamHub hub;
    private volatile boolean running;

    StreamShutdown(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void start() {
        hub.reopen();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        hub.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before everything else, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
