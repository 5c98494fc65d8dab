package ru.osago.stubs;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One stub's calls, on its event-loop threads: checks the API key, counts the call, injects faults and
 * hands the rest to the dialect. Nothing here blocks (the dialects parse JSON and look up maps), so it runs
 * on the event loop itself; an answer held back by a delay is scheduled on the connection's event loop
 * rather than slept, and a hung call only keeps its connection open.
 *
 * <p>Throttling refuses a call before it is processed; an error, a malformed body, a hang or a reset
 * happen after it, as when an insurer's gateway fails after its backend committed: the application
 * exists and only an Idempotency-Key lets the client retry without creating a second one.
 *
 * <p>Answers go out when they are ready; HTTP clients send one call at a time on a connection (none of
 * those the aggregator, core-app or the tests use pipelines), so their order needs no queue.
 */
@ChannelHandler.Sharable
final class StubHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = Logger.getLogger(StubHttpHandler.class.getName());
    private static final byte[] MALFORMED_BODY = "{\"status\": <html>Service Temporarily Unavailable"
            .getBytes(StandardCharsets.UTF_8);

    private final StubConfig config;
    private final StubCounters counters;
    private final DialectHandler dialect;
    private final FaultInjector faults;
    private final HeldCalls held;

    StubHttpHandler(StubConfig config, StubCounters counters, DialectHandler dialect, HeldCalls held, FaultSwitch faultSwitch) {
        this.config = config;
        this.counters = counters;
        this.dialect = dialect;
        this.faults = new FaultInjector(config, faultSwitch);
        this.held = held;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        HttpVersion version = request.protocolVersion();
        if (request.decoderResult().isFailure()) {
            counters.badRequest();
            HttpAnswers.write(channel, version, StubResponse.error(400, "not a valid HTTP request"), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String method = request.method().name();
        String path = new QueryStringDecoder(request.uri()).path();
        if (method.equals("GET") && path.equals("/_health")) {
            HttpAnswers.write(channel, version, StubResponse.json(200, Map.of("status", "UP", "id", config.id())), keepAlive);
        } else if (method.equals("GET") && path.equals("/_stats")) {
            HttpAnswers.write(channel, version, StubResponse.json(200, counters.snapshot()), keepAlive);
        } else {
            StubRequest call = new StubRequest(method, path, request.headers(), ByteBufUtil.getBytes(request.content()));
            api(channel, version, keepAlive, call);
        }
    }

    private void api(Channel channel, HttpVersion version, boolean keepAlive, StubRequest request) {
        if (request.method().equals("POST")) {
            counters.post(request.header("Idempotency-Key"));
        } else {
            counters.get();
        }
        if (config.apiKey() != null && !config.apiKey().equals(request.header("X-Api-Key"))) {
            counters.unauthorized();
            HttpAnswers.write(channel, version, StubResponse.error(401, "missing or invalid X-Api-Key"), keepAlive);
            return;
        }
        FaultInjector.Fault fault = faults.draw();
        if (fault == FaultInjector.Fault.THROTTLE) {
            counters.throttled();
            HttpAnswers.write(channel, version,
                    StubResponse.error(429, "too many requests").withHeader("Retry-After", "1"), keepAlive);
            return;
        }
        StubResponse response = answer(request);
        switch (fault) {
            case HANG -> {
                counters.hang();
                held.hold(channel);
            }
            case RESET -> {
                counters.reset();
                reset(channel);
            }
            case ERROR -> {
                counters.error();
                HttpAnswers.write(channel, version, StubResponse.error(500, "internal error at " + config.name()), keepAlive);
            }
            case MALFORMED -> {
                counters.malformed();
                HttpAnswers.write(channel, version, new StubResponse(200, Map.of(), MALFORMED_BODY, 0), keepAlive);
            }
            default -> answerLater(channel, version, keepAlive, response);
        }
    }

    private StubResponse answer(StubRequest request) {
        try {
            StubResponse response = dialect.handle(request);
            if (response.status() == 400 || response.status() == 422) {
                counters.badRequest();
            }
            return response;
        } catch (StubJson.BadRequest e) {
            counters.badRequest();
            return StubResponse.error(400, e.getMessage());
        }
    }

    /** A delayed answer is a timer on the connection's own event loop: no thread waits for it. */
    private static void answerLater(Channel channel, HttpVersion version, boolean keepAlive, StubResponse response) {
        if (response.delayMs() <= 0) {
            HttpAnswers.write(channel, version, response, keepAlive);
            return;
        }
        channel.eventLoop().schedule(() -> HttpAnswers.write(channel, version, response, keepAlive),
                response.delayMs(), TimeUnit.MILLISECONDS);
    }

    /** SO_LINGER 0 makes the close a TCP reset, what a crashed gateway or a load balancer's cut looks like. */
    private static void reset(Channel channel) {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a client that goes away mid-call is normal under load; anything else is the stub's own bug
        if (!(cause instanceof IOException)) {
            LOG.log(Level.WARNING, config.id() + ": failed to answer", cause);
        }
        ctx.close();
    }
}
