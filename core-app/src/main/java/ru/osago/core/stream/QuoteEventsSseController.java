package ru.osago.core.stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import ru.osago.core.request.RequestTokens;
import ru.osago.model.FieldError;
import ru.osago.core.events.StoredEvent;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The same stream as Server-Sent Events, for clients without WebSocket: {@code id:} is the event's seq, so
 * an EventSource that reconnects with {@code Last-Event-ID} gets only what it has not seen.
 */
@RestController
class QuoteEventsSseController {

    private final StreamHub hub;
    private final RequestTokens tokens;
    private final long timeoutMs;

    QuoteEventsSseController(StreamHub hub, RequestTokens tokens,
                             @Value("${osago.core.stream.sse-timeout-ms}") long timeoutMs) {
        this.hub = hub;
        this.tokens = tokens;
        this.timeoutMs = timeoutMs;
    }

    @GetMapping("/api/osago/requests/{id}/events")
    ResponseEntity<?> events(@PathVariable String id,
                             @RequestParam(required = false) String token,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        if (!tokens.verify(id, token)) {
            return ResponseEntity.status(403).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("errors", List.of(new FieldError("token", "is missing or does not match the request"))));
        }
        SseEmitter emitter = new SseEmitter(timeoutMs);
        StreamSubscriber subscriber = hub.open(id, new StreamSink() {
            @Override
            public void send(StoredEvent event) throws IOException {
                emitter.send(SseEmitter.event()
                        .id(Long.toString(event.seq()))
                        .data(event.json(), MediaType.APPLICATION_JSON));
            }

            @Override
            public String kind() {
                return "sse";
            }

            @Override
            public void close() {
                emitter.complete();
            }
        }, parseSeq(lastEventId));
        emitter.onCompletion(() -> hub.close(subscriber));
        emitter.onTimeout(() -> hub.close(subscriber));
        emitter.onError(e -> hub.close(subscriber));
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    private static long parseSeq(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Math.max(0, Long.parseLong(lastEventId.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
