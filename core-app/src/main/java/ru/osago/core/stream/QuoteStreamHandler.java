package ru.osago.core.stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import ru.osago.core.events.StoredEvent;

import java.io.IOException;

/** One WebSocket per browser and request: each frame one event's stored JSON; closed (1000) after the terminal event. */
@Component
class QuoteStreamHandler extends TextWebSocketHandler {

    private static final String SUBSCRIBER = "osago.subscriber";

    private final StreamHub hub;
    private final int sendTimeLimitMs;
    private final int sendBufferLimit;

    QuoteStreamHandler(StreamHub hub,
                       @Value("${osago.core.stream.send-time-limit-ms}") int sendTimeLimitMs,
                       @Value("${osago.core.stream.send-buffer-limit}") int sendBufferLimit) {
        this.hub = hub;
        this.sendTimeLimitMs = sendTimeLimitMs;
        this.sendBufferLimit = sendBufferLimit;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        String requestId = (String) session.getAttributes().get(StreamTokenInterceptor.REQUEST_ID);
        // raw sessions are not thread-safe: the replay and the topic consumer may both send
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMs, sendBufferLimit);
        StreamSubscriber subscriber = hub.open(requestId, new StreamSink() {
            @Override
            public void send(StoredEvent event) throws IOException {
                safe.sendMessage(new TextMessage(event.json()));
            }

            @Override
            public void close() {
                closeWith(CloseStatus.NORMAL);
            }

            @Override
            public void goAway() {
                closeWith(CloseStatus.SERVICE_RESTARTED);
            }

            private void closeWith(CloseStatus status) {
                try {
                    safe.close(status);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, 0);
        session.getAttributes().put(SUBSCRIBER, subscriber);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().get(SUBSCRIBER) instanceof StreamSubscriber subscriber) {
            hub.close(subscriber);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        // the stream is one-way; whatever a browser sends is ignored
    }
}
