package ru.osago.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Does what a browser does: POST /api/osago/requests, then follows the request over its WebSocket stream
 * until COMPLETED (core-app then closes it). With several core-app instances ({@code --core-app-url a,b}) the
 * POSTs go round them, and each stream is opened on another instance than its POST. Each request comes from a user of its own, so core-app's
 * per-user rate limit is not what is measured (bench.sh also raises it).
 */
final class RestLoad implements LoadDriver {

    private final Tracker tracker;
    private final List<String> baseUrls;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http;
    private final QuotePosts posts;

    RestLoad(Options options, Tracker tracker) throws Exception {
        this.tracker = tracker;
        this.baseUrls = options.coreAppUrls();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.posts = new QuotePosts(http, tracker, "bench-");
    }

    @Override
    public void send(int index) {
        // with several instances, each POST goes to the next one and its stream is followed on the one after:
        // the events reach a browser whichever instance it is connected to
        String wsBase = baseUrls.get((index + 1) % baseUrls.size()).replaceFirst("^http", "ws");
        posts.post(baseUrls.get(index % baseUrls.size()), index, (req, reply) -> http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(wsBase + reply.path("streamUrl").asText()), new Listener(req))
                .whenComplete((ws, wsFailure) -> {
                    if (wsFailure != null) {
                        tracker.error("websocket open: " + wsFailure.getClass().getSimpleName());
                    }
                }));
    }

    @Override
    public long backlog() {
        return posts.inFlight();
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
                    tracker.event(req, e.eventId(), e.type(), e.insurer(), e.at());
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
