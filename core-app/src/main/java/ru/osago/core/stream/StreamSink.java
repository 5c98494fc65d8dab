package ru.osago.core.stream;

import ru.osago.core.events.StoredEvent;

import java.io.IOException;

/** Where one browser's stream goes: a WebSocket session or an SSE emitter. Called by one thread at a time. */
interface StreamSink {

    /** Sends the event's stored text as one frame. */
    void send(StoredEvent event) throws IOException;

    /** What kind of stream this is ({@code websocket}, {@code sse}): the open-streams gauge's tag. */
    default String kind() {
        return "websocket";
    }

    /** Ends the stream normally (WebSocket close 1000, SSE complete). */
    void close();

    /** Ends the stream because this instance stops (WebSocket close 1012; SSE complete, which browsers retry). */
    default void goAway() {
        close();
    }
}
