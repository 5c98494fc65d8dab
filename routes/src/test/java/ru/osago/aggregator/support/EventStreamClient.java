package ru.osago.aggregator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A browser's WebSocket stream of one request on one core-app instance: every event it got, and its close. */
public final class EventStreamClient implements WebSocket.Listener, AutoCloseable {

    private final ObjectMapper json = OsagoJson.mapper();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Instant firstOfferAt;
    private volatile Instant completedAt;
    private WebSocket socket;

    private EventStreamClient() {
    }

    /** Opens {@code streamUrl} (as the 202 gave it) on the instance at {@code baseUrl}. */
    public static EventStreamClient open(HttpClient http, String baseUrl, String streamUrl) throws Exception {
        EventStreamClient client = new EventStreamClient();
        client.socket = http.newWebSocketBuilder().header("Origin", baseUrl)
                .buildAsync(URI.create(baseUrl.replace("http", "ws") + streamUrl), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** When the first OFFER frame arrived here (null if none did): for reported figures, not assertions. */
    public Instant firstOfferAt() {
        return firstOfferAt;
    }

    /** When the COMPLETED frame arrived here (null if it did not). */
    public Instant completedAt() {
        return completedAt;
    }

    /** Waits (polling, at most {@code limit}) until an event matching {@code wanted} has arrived. */
    public JsonNode awaitEvent(Predicate<JsonNode> wanted, Duration limit) throws InterruptedException {
        long giveUp = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < giveUp) {
            for (JsonNode event : events) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            if (closed.isDone()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such event within " + limit + "; got " + events);
    }

    /** Waits for the server to close the stream (it does after the terminal event); returns the close code. */
    public int awaitClose(Duration limit) throws Exception {
        return closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode event = json.readTree(partial.toString());
                String type = event.path("type").asText();
                if (firstOfferAt == null && type.equals("OFFER")) {
                    firstOfferAt = Instant.now();
                }
                if (type.equals("COMPLETED")) {
                    completedAt = Instant.now();
                }
                events.add(event);
            } catch (Exception e) {
                closed.completeExceptionally(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
