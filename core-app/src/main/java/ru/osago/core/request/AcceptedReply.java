package ru.osago.core.request;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 202 with the new request's id, its token and where to stream (WebSocket, SSE) or load it (snapshot).
 */
@Component
class AcceptedReply implements Processor {

    static final String BASE = "/api/osago/requests/";

    private final RequestTokens tokens;

    AcceptedReply(RequestTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        String requestId = exchange.getProperty(RequestIntake.REQUEST_ID, String.class);
        String token = tokens.issue(requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("streamUrl", BASE + requestId + "/stream?token=" + token);
        body.put("eventsUrl", BASE + requestId + "/events?token=" + token);
        body.put("snapshotUrl", BASE + requestId + "?token=" + token);
        body.put("token", token);
        HttpReplies.json(exchange, 202, body);
        exchange.getMessage().setHeader("Location", BASE + requestId);
    }
}
