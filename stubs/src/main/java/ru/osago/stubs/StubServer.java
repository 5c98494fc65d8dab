package ru.osago.stubs;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One simulated company on its own port and its own event-loop threads, so a busy stub never takes the
 * threads of another. Netty's HTTP/1.1 codec with keep-alive: a call costs a few tens of microseconds of
 * CPU, so the stubs are never what limits a benchmark of the aggregator. The calls themselves are
 * {@link StubHttpHandler}'s.
 */
final class StubServer implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final StubConfig config;
    private final StubCounters counters;
    private final ApplicationBook book;
    private final HeldCalls held = new HeldCalls();
    private final EventLoopGroup group;
    private final ScheduledExecutorService evictor;
    private final Channel listener;

    private StubServer(StubConfig config, FaultSwitch faultSwitch) throws IOException {
        this.config = config;
        this.counters = new StubCounters(config.id());
        this.book = new ApplicationBook(config, counters);
        DialectHandler dialect = switch (config.dialect()) {
            case STANDARD -> new StandardDialectHandler(book, config.retryAfterOnCreate());
            case V2 -> new V2DialectHandler(book);
            case CLIENT_INFO -> new ClientInfoHandler(config);
        };
        StubHttpHandler handler = new StubHttpHandler(config, counters, dialect, held, faultSwitch);
        this.group = StubTransport.group("stub-" + config.id(), config.threads());
        // eviction walks every application of the last 10 minutes: on its own thread, not an event loop
        this.evictor = Executors.newSingleThreadScheduledExecutor(StubTransport.daemonThreads("stub-" + config.id() + "-evict"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(StubTransport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                // a stub restarted on its fixed port must not wait for the old connections' TIME_WAIT
                .option(ChannelOption.SO_REUSEADDR, true)
                // answers are written whole; Nagle's algorithm would hold the last segment for the client's ACK
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new BodyLimit(counters), handler);
                    }
                });
        try {
            this.listener = bootstrap.bind(new InetSocketAddress(config.port())).sync().channel();
        } catch (Exception e) {
            shutdown();
            // Netty rethrows the bind's checked exception undeclared; callers expect an IOException
            if (e instanceof IOException io) {
                throw io;
            }
            throw new BindException(config.id() + ": " + e.getMessage());
        }
    }

    static StubServer start(StubConfig config, FaultSwitch faultSwitch) throws IOException {
        StubServer stub = new StubServer(config, faultSwitch);
        stub.evictor.scheduleWithFixedDelay(stub::evict, 30, 30, TimeUnit.SECONDS);
        return stub;
    }

    StubConfig config() {
        return config;
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    StubStats stats() {
        return counters.snapshot();
    }

    private void evict() {
        long now = System.nanoTime();
        book.evictOlderThan(ApplicationBook.RETENTION, now);
        counters.evictOlderThan(ApplicationBook.RETENTION, now);
        held.closeOlderThan(now - ApplicationBook.RETENTION.toNanos());
    }

    /** Releases hung calls (their clients see the connection close), stops listening and stops the threads. */
    @Override
    public void close() {
        held.closeAll();
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdown();
    }

    private void shutdown() {
        evictor.shutdownNow();
        // no quiet period: the stub is done; open keep-alive connections are closed with the loops
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
