package ru.osago.stubs;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Gathers a request's body into one message, refusing one larger than the limit with a counted 413 and a
 * JSON error: a stub must not let one call fill its heap. A keep-alive connection stays open (the
 * aggregator drops the rest of the body as it arrives): closing it with the body still coming would make
 * the client see a reset instead of the 413.
 */
final class BodyLimit extends HttpObjectAggregator {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final StubCounters counters;

    BodyLimit(StubCounters counters) {
        super(MAX_BODY_BYTES);
        this.counters = counters;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        counters.badRequest();
        HttpVersion version = oversized instanceof HttpRequest request ? request.protocolVersion() : HttpVersion.HTTP_1_1;
        HttpAnswers.write(ctx.channel(), version,
                StubResponse.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes"),
                HttpUtil.isKeepAlive(oversized));
    }
}
