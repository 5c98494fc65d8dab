package ru.osago.core.stream;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import ru.osago.core.request.RequestTokens;

import java.util.List;
import java.util.Map;

/** Refuses the WebSocket handshake (403) unless {@code ?token=} is the request id's token. */
@Component
class StreamTokenInterceptor implements HandshakeInterceptor {

    static final String REQUEST_ID = "osago.requestId";

    private final RequestTokens tokens;

    StreamTokenInterceptor(RequestTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
                                   WebSocketHandler wsHandler, Map<String, Object> attributes) {
        var uri = UriComponentsBuilder.fromUri(request.getURI()).build();
        List<String> segments = uri.getPathSegments();
        // /api/osago/requests/{id}/stream
        String requestId = segments.size() >= 2 ? segments.get(segments.size() - 2) : null;
        String token = uri.getQueryParams().getFirst("token");
        if (!tokens.verify(requestId, token)) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(REQUEST_ID, requestId);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
                               WebSocketHandler wsHandler, Exception exception) {
        // nothing to do
    }
}
