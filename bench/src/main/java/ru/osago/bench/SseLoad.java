package ru.osago.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A browser that outlives the system's faults: POST /api/osago/requests, then follows the request over its
 * Server-Sent Events stream, and whenever the stream drops before COMPLETED (a core-app instance killed, a
 * proxy's cut, the emitter's time limit) connects again with {@code Last-Event-ID}, as an EventSource does,
 * so it is sent only events it has not seen. An event id seen twice is then a duplicate of the system's,
 * never one of the client's replay. A POST that is refused (connection refused, 503) is counted as not
 * accepted; it is the driver's to retry, and only an answered 202 is a promise the system must keep.
 */
final class SseLoad implements LoadDriver {

    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 4000;

    private final Tracker tracker;
    private final String baseUrl;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http;
    private final QuotePosts posts;
    private volatile boolean closed;

    SseLoad(Options options, Tracker tracker) throws Exception {
        this.tracker = tracker;
        this.baseUrl = options.coreAppUrl();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.posts = new QuotePosts(http, tracker, "faults-");
    }

    @Override
    public void send(int index) {
        posts.post(baseUrl, index, (req, reply) -> new Stream(req, URI.create(baseUrl + reply.path("eventsUrl").asText())).connect());
    }

    @Override
    public long backlog() {
        return posts.inFlight();
    }

    /** One request's event stream, connected again until its COMPLETED (or REJECTED) has arrived. */
    private final class Stream {
        private final Tracker.Req req;
        private final URI uri;
        private volatile String lastEventId;
        private volatile long retryMs = FIRST_RETRY_MS;

        Stream(Tracker.Req req, URI uri) {
            this.req = req;
            this.uri = uri;
        }

        void connect() {
            HttpRequest.Builder get = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
            if (lastEventId != null) {
                get.header("Last-Event-ID", lastEventId);
            }
            Connection connection = new Connection();
            http.sendAsync(get.build(), HttpResponse.BodyHandlers.fromLineSubscriber(connection)).whenComplete((response, failure) -> {
                if (failure != null) {
                    connection.ended("connect: " + rootName(failure));
                } else if (response.statusCode() != 200) {
                    connection.ended("HTTP " + response.statusCode());
                }
            });
        }

        /** One connection: it ends once, however many of the client's callbacks report it. */
        private final class Connection implements Flow.Subscriber<String> {
            private final AtomicBoolean over = new AtomicBoolean();
            private String id;
            private final StringBuilder data = new StringBuilder();

            /** Before COMPLETED: connect again after a backoff, unless the run is over. */
            void ended(String why) {
                if (!over.compareAndSet(false, true) || req.completedNanos != 0 || req.rejected || closed) {
                    return;
                }
                tracker.error("stream connected again after " + why);
                long delay = retryMs;
                retryMs = Math.min(MAX_RETRY_MS, delay * 2);
                retries.schedule(Stream.this::connect, delay, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            /** SSE: "id:" and "data:" lines, an empty line ends the event. */
            @Override
            public void onNext(String line) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        deliver(data.toString());
                        if (id != null) {
                            lastEventId = id;
                        }
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }

            private void deliver(String json) {
                try {
                    EventReader.Event e = EventReader.read(json);
                    tracker.event(req, e.eventId(), e.type(), e.insurer(), e.at());
                    retryMs = FIRST_RETRY_MS;
                } catch (Exception ex) {
                    tracker.error("event not readable: " + ex.getClass().getSimpleName());
                }
            }

            @Override
            public void onError(Throwable error) {
                ended("stream: " + rootName(error));
            }

            @Override
            public void onComplete() {
                ended("stream closed");
            }
        }
    }

    private static String rootName(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        retries.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
