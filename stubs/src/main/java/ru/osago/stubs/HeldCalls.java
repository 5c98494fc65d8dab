package ru.osago.stubs;

import io.netty.channel.Channel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections whose call the stub hangs: kept open without an answer until the client gives up (then
 * they leave by themselves), the retention passes, or the stub closes. Holding one costs no thread.
 */
final class HeldCalls {

    /** Hung connection → when it was taken (nanoTime). */
    private final Map<Channel, Long> held = new ConcurrentHashMap<>();

    void hold(Channel channel) {
        held.put(channel, System.nanoTime());
        // a client that times out closes the connection: forget it then, not 10 minutes later
        channel.closeFuture().addListener(f -> held.remove(channel));
    }

    /** Closes the connections held since before {@code cutoffNanos}; their clients see the connection close. */
    void closeOlderThan(long cutoffNanos) {
        held.forEach((channel, since) -> {
            if (since - cutoffNanos < 0) {
                channel.close();
            }
        });
    }

    void closeAll() {
        held.keySet().forEach(Channel::close);
        held.clear();
    }

    int size() {
        return held.size();
    }
}
