package ru.osago.core.request;

import com.fasterxml.jackson.databind.util.RawValue;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.events.StoredEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code {"requestId","events":[by seq],"completed"}}: 403 without the request's token, 404 if unknown here. */
@Component
class SnapshotReply implements Processor {

    private final RequestTokens tokens;
    private final QuoteEventStore events;
    private final SubmittedRequests submitted;

    SnapshotReply(RequestTokens tokens, QuoteEventStore events, SubmittedRequests submitted) {
        this.tokens = tokens;
        this.events = events;
        this.submitted = submitted;
    }

    @Override
    public void process(Exchange exchange) {
        String requestId = exchange.getMessage().getHeader("id", String.class);
        String token = exchange.getMessage().getHeader("token", String.class);
        if (!tokens.verify(requestId, token)) {
            HttpReplies.error(exchange, 403, "token", "is missing or does not match the request");
            return;
        }
        List<StoredEvent> stored = events.findByRequest(requestId);
        if (stored.isEmpty() && !submitted.exists(requestId)) {
            HttpReplies.error(exchange, 404, "requestId", "unknown request");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        // each event as stored, not written again
        body.put("events", stored.stream().map(e -> new RawValue(e.json())).toList());
        body.put("completed", stored.stream().anyMatch(StoredEvent::isTerminal));
        HttpReplies.json(exchange, 200, body);
    }
}
