package ru.osago.stubs;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Linux's native epoll where its library loads (fewer system calls per call than the JDK's selector, and
 * no garbage per wake-up), the JDK's NIO elsewhere (macOS, or a JVM refused native access): both behave
 * the same for the stubs.
 */
final class StubTransport {

    private static final boolean EPOLL = Epoll.isAvailable();

    private StubTransport() {
    }

    /**
     * Event-loop threads for one stub. No call holds a thread (delays are scheduled, hangs only keep the
     * connection open), so more threads than cores would only add switches: {@code threads} is capped.
     */
    static EventLoopGroup group(String name, int threads) {
        int count = Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors()));
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(count, daemonThreads(name), io);
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    /** Daemon threads, so a test or program that forgets close() still exits. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
