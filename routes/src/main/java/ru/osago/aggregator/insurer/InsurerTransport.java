package ru.osago.aggregator.insurer;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one insurer call without holding a thread while it is under way. The future completes with the
 * answer, whatever its status, or exceptionally with the I/O error; cancelling it aborts the call.
 */
public interface InsurerTransport {

    CompletableFuture<HttpAnswer> send(PreparedCall call, InsurerSettings.Timeouts timeouts);
}
