package ru.osago.stubs;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Writes a {@link StubResponse} as one HTTP message: JSON content type, Content-Length, and the connection
 * kept open unless the client asked to close it, so callers reuse their pooled connections as they would
 * with a real insurer.
 */
final class HttpAnswers {

    private static final AsciiString JSON_TYPE = AsciiString.cached("application/json; charset=utf-8");

    private HttpAnswers() {
    }

    /** {@code version} is the request's: an HTTP/1.0 client that asked for keep-alive is told it is kept. */
    static ChannelFuture write(Channel channel, HttpVersion version, StubResponse response, boolean keepAlive) {
        byte[] body = response.body();
        FullHttpResponse http = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(body));
        HttpHeaders headers = http.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
        response.headers().forEach(headers::set);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(http, keepAlive);
        ChannelFuture written = channel.writeAndFlush(http);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
