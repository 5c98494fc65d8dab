package ru.osago.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does what a browser does: POST /api/osago/requests, then follows the request over its WebSocket stream
 * until COMPLETED (core-app then closes it). With several core-app instances ({@code --core-app-url a,b}) the
 * POSTs go round them, and each stream is opened on another instance than its POST. Each request comes from a user of its own, so core-app's
 * per-user rate limit is not what is measured (bench.sh also raises it).
 */
final class RestLoad implements LoadDriver {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Tracker tracker;
    private final List<String> baseUrls;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http;
    private final byte[] body;
    private final AtomicLong inFlightPosts = new AtomicLong();

    RestLoad(Options options, Tracker tracker) throws Exception {
        this.tracker = tracker;
        this.baseUrls = options.coreAppUrls();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.body = OsagoJson.mapper().writeValueAsBytes(SampleRequests.valid(null, null, LocalDate.now()));
    }

    @Override
    public void send(int index) {
        // with several instances, each POST goes to the next one and its stream is followed on the one after:
        // the events reach a browser whichever instance it is connected to
        String postTo = baseUrls.get(index % baseUrls.size());
        String wsBase = baseUrls.get((index + 1) % baseUrls.size()).replaceFirst("^http", "ws");
        HttpRequest request = HttpRequest.newBuilder(URI.create(postTo + "/api/osago/requests"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-User-Id", "bench-" + index)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Tracker.Req req = tracker.sent(null);
        inFlightPosts.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            inFlightPosts.decrementAndGet();
            if (failure != null) {
                tracker.sendError(failure.getClass().getSimpleName());
                return;
            }
            if (response.statusCode() != 202) {
                tracker.sendError("HTTP " + response.statusCode());
                return;
            }
            try {
                JsonNode reply = MAPPER.readTree(response.body());
                tracker.identified(reply.path("requestId").asText(), req);
                http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(wsBase + reply.path("streamUrl").asText()), new Listener(req))
                        .whenComplete((ws, wsFailure) -> {
                            if (wsFailure != null) {
                                tracker.error("websocket open: " + wsFailure.getClass().getSimpleName());
                            }
                        });
            } catch (Exception e) {
                tracker.error("reply not readable: " + e.getClass().getSimpleName());
            }
        });
    }

    @Override
    public long backlog() {
        return inFlightPosts.get();
    }

    private final class Listener implements WebSocket.Listener {
        private final Tracker.Req req;
        private final StringBuilder text = new StringBuilder();

        Listener(Tracker.Req req) {
            this.req = req;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    EventReader.Event e = EventReader.read(text.toString());
                    tracker.event(req, e.eventId(), e.type(), e.insurer());
                } catch (Exception ex) {
                    tracker.error("event not readable: " + ex.getClass().getSimpleName());
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (req.completedNanos == 0 && !req.rejected) {
                tracker.error("websocket closed before COMPLETED: " + statusCode);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            tracker.error("websocket: " + error.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws Exception {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
