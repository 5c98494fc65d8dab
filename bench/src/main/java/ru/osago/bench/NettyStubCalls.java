package ru.osago.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Non-blocking calls on a fixed number of keep-alive connections, all driven by one Netty event-loop
 * thread: each connection sends its next call as soon as the last is answered. No thread waits per call,
 * so the client's CPU per call stays a fraction of the stub's and 10,000 calls/s fit beside the stub on
 * two cores, which the blocking client cannot show.
 */
final class NettyStubCalls implements StubCallLoop {

    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final int connections;
    private final byte[] body;
    private final EventLoopGroup group;
    private final boolean epoll = Epoll.isAvailable();

    NettyStubCalls(int connections, byte[] body) {
        this.connections = connections;
        this.body = body;
        this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    @Override
    public void run(String baseUrl, long untilNanos, LongAdder calls, LongAdder failures) throws Exception {
        URI base = URI.create(baseUrl);
        CountDownLatch done = new CountDownLatch(connections);
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES),
                                new Caller(base.getHost() + ":" + base.getPort(), untilNanos, calls, failures));
                        ch.closeFuture().addListener(f -> done.countDown());
                    }
                });
        for (int i = 0; i < connections; i++) {
            bootstrap.connect(base.getHost(), base.getPort()).addListener(f -> {
                if (!f.isSuccess()) {
                    failures.increment();
                    done.countDown();
                }
            });
        }
        long waitMs = TimeUnit.NANOSECONDS.toMillis(untilNanos - System.nanoTime()) + 10_000;
        if (!done.await(Math.max(waitMs, 10_000), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("connections still open 10 s after the end");
        }
    }

    /** One connection's loop: POST, then GET the answer's offer, then the next POST, until the end. */
    private final class Caller extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final String host;
        private final long untilNanos;
        private final LongAdder calls;
        private final LongAdder failures;
        private boolean posting;

        Caller(String host, long untilNanos, LongAdder calls, LongAdder failures) {
            this.host = host;
            this.untilNanos = untilNanos;
            this.calls = calls;
            this.failures = failures;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            post(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse answer) {
            int status = answer.status().code();
            boolean ok = posting ? status / 100 == 2 : status < 400;
            (ok ? calls : failures).increment();
            if (System.nanoTime() - untilNanos >= 0) {
                ctx.close();
            } else if (posting && ok) {
                String id = StubCallLoop.applicationId(answer.content().toString(StandardCharsets.UTF_8));
                send(ctx.channel(), request(HttpMethod.GET, "/osago/applications/" + id + "/offer"), false);
            } else {
                post(ctx.channel());
            }
        }

        private void post(Channel channel) {
            FullHttpRequest post = request(HttpMethod.POST, "/osago/applications");
            ThreadLocalRandom random = ThreadLocalRandom.current();
            // a random UUID without SecureRandom's cost: keys only need to differ
            post.headers().set("Idempotency-Key", new UUID(random.nextLong(), random.nextLong()).toString())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            post.content().writeBytes(body);
            send(channel, post, true);
        }

        private FullHttpRequest request(HttpMethod method, String path) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                    method == HttpMethod.POST ? Unpooled.buffer(body.length) : Unpooled.EMPTY_BUFFER);
            request.headers().set(HttpHeaderNames.HOST, host);
            return request;
        }

        private void send(Channel channel, FullHttpRequest request, boolean isPost) {
            posting = isPost;
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    failures.increment();
                    channel.close();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.increment();
            ctx.close();
        }
    }

    @Override
    public String describe() {
        return "Netty " + (epoll ? "epoll" : "NIO") + ", 1 event-loop thread, " + connections + " connections";
    }

    @Override
    public void close() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
