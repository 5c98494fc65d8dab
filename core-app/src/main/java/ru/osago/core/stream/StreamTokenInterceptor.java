package ru.osago.core.stream;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import ru.osago.core.request.RequestTokens;

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
        String requestId = request instanceof ServletServerHttpRequest servlet ? verified(servlet.getServletRequest()) : null;
        if (requestId == null) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(REQUEST_ID, requestId);
        return true;
    }

    /**
     * The request id of {@code /api/osago/requests/{id}/stream} if its token is right, else null. Read from the raw
     * path and the parameter: building a URI and parsing it again cost more than the check itself.
     */
    private String verified(HttpServletRequest servlet) {
        String[] segments = servlet.getRequestURI().split("/");
        String requestId = segments.length >= 2 ? segments[segments.length - 2] : null;
        return tokens.verify(requestId, servlet.getParameter("token")) ? requestId : null;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
                               WebSocketHandler wsHandler, Exception exception) {
        // nothing to do
    }
}
