package ru.osago.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Browsers through the load balancer while instances restart: submits quotes through nginx
 * ({@code ./run.sh --instances 2}), follows each as the page does (half over WebSocket, half over SSE,
 * reconnecting through nginx whenever the connection drops, applying each event once by its id), and once
 * every quote is ACCEPTED restarts one core-app and one aggregator instance together
 * ({@code ./run.sh --restart core-app,aggregator}): the streams on that core-app are cut and the
 * aggregator's claimed work is left to the other once its lease ends.
 * Passes when every client got every event of its quote: ACCEPTED, one outcome per insurer, COMPLETED last
 * and once, seq 1..n without a gap. Run by bench/balancer-check.sh.
 */
public final class BalancerCheck {

    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final Duration QUOTE_LIMIT = Duration.ofSeconds(150);

    private final String base;
    private final Path repo;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BalancerCheck(String base, Path repo) {
        this.base = base;
        this.repo = repo;
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int quotes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<String> restart = args.length > 2 ? List.of(args[2].split(",")) : List.of("core-app", "aggregator");
        boolean ok = new BalancerCheck(base, Path.of("").toAbsolutePath()).run(quotes, restart);
        System.exit(ok ? 0 : 1);
    }

    private boolean run(int quotes, List<String> restart) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < quotes; i++) {
            JsonNode accepted = submit("balancer-check-" + i);
            // WS, WS, SSE, SSE, ...: round robin puts one of each pair on each instance
            Client client = (i / 2) % 2 == 0 ? new WsClient(accepted) : new SseClient(accepted);
            clients.add(client);
            log("quote " + accepted.path("requestId").asText() + " submitted through " + base + ", to follow over " + client.kind());
        }
        // the streams after all the POSTs, so round robin spreads the streams themselves over both instances
        clients.forEach(Client::connect);
        for (Client client : clients) {
            if (!client.accepted.await(30, TimeUnit.SECONDS)) {
                log("FAIL: no ACCEPTED for " + client.requestId);
                return false;
            }
        }
        log("every quote ACCEPTED; restarting " + String.join(" and ", restart) + " at once while they run");
        Instant start = Instant.now();
        Process process = new ProcessBuilder(repo.resolve("run.sh").toString(), "--restart", String.join(",", restart))
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        log("  ./run.sh --restart " + String.join(",", restart) + " (exit " + exit + ", "
                + Duration.between(start, Instant.now()).toSeconds() + " s):\n" + output);
        boolean ok = exit == 0;
        for (Client client : clients) {
            if (!client.completed.await(QUOTE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                log("FAIL: " + client.requestId + " not COMPLETED in " + QUOTE_LIMIT.toSeconds() + " s; events " + client.types());
                ok = false;
                continue;
            }
            String problem = client.problem();
            log((problem == null ? "ok   " : "FAIL ") + client.kind() + " " + client.requestId + ": " + client.events.size()
                    + " events " + client.types() + ", connections " + client.connections.get()
                    + ", duplicates dropped " + client.duplicates.get() + (problem == null ? "" : " - " + problem));
            ok &= problem == null;
        }
        log(ok ? "PASS: every client got every event of its quote through the balancer" : "FAIL");
        return ok;
    }

    private JsonNode submit(String userId) throws Exception {
        ObjectNode form = JSON.valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        form.remove(List.of("requestId", "userId"));
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-User-Id", userId)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(form))).build();
        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
        // as the page does: a 503 (an instance whose broker send timed out, e.g. a JVM just started) says
        // when to try again
        for (int attempt = 1; response.statusCode() == 503 && attempt < 3; attempt++) {
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(5);
            log("POST answered 503, trying again in " + seconds + " s as Retry-After says");
            Thread.sleep(seconds * 1000);
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /api/osago/requests: HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }

    /** One browser: applies each event once by eventId, reconnects (0.5 s, 1 s, 2 s...) until COMPLETED. */
    private abstract class Client {
        final String requestId;
        /** POST's reply: streamUrl, eventsUrl */
        final JsonNode acceptedReply;
        final Map<String, JsonNode> events = new ConcurrentHashMap<>();
        final CountDownLatch accepted = new CountDownLatch(1);
        final CountDownLatch completed = new CountDownLatch(1);
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger failuresInARow = new AtomicInteger();

        Client(JsonNode reply) {
            this.requestId = reply.path("requestId").asText();
            this.acceptedReply = reply;
        }

        abstract String kind();

        abstract void open();

        void connect() {
            if (completed.getCount() == 0) {
                return;
            }
            connections.incrementAndGet();
            open();
        }

        void dropped() {
            if (completed.getCount() == 0) {
                return;
            }
            long delay = Math.min(8000, 500L << Math.min(4, failuresInARow.getAndIncrement()));
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::connect);
        }

        void apply(String text) {
            try {
                JsonNode event = JSON.readTree(text);
                failuresInARow.set(0);
                if (events.putIfAbsent(event.path("eventId").asText(), event) != null) {
                    duplicates.incrementAndGet();
                    return;
                }
                switch (event.path("type").asText()) {
                    case "ACCEPTED" -> accepted.countDown();
                    case "COMPLETED" -> completed.countDown();
                    default -> { }
                }
            } catch (Exception e) {
                log("unreadable event for " + requestId + ": " + text);
            }
        }

        List<String> types() {
            return events.values().stream().sorted((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()))
                    .map(e -> e.path("type").asText() + (e.has("insurer") ? "/" + e.path("insurer").asText() : "")).toList();
        }

        /** null when the events are the whole quote. */
        String problem() {
            List<JsonNode> sorted = events.values().stream()
                    .sorted((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong())).toList();
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).path("seq").asLong() != i + 1) {
                    return "seq " + (i + 1) + " missing";
                }
            }
            if (!sorted.getFirst().path("type").asText().equals("ACCEPTED")
                    || !sorted.getLast().path("type").asText().equals("COMPLETED")) {
                return "not ACCEPTED first and COMPLETED last";
            }
            int insurers = sorted.getFirst().path("insurers").size();
            long outcomes = sorted.stream().filter(e -> e.has("insurer")).map(e -> e.path("insurer").asText()).distinct().count();
            return outcomes == insurers ? null : outcomes + " insurer outcomes of " + insurers;
        }
    }

    /** The page's way: WebSocket /stream (stored events, then live). */
    private final class WsClient extends Client {
        WsClient(JsonNode reply) {
            super(reply);
        }

        @Override
        String kind() {
            return "WebSocket";
        }

        @Override
        void open() {
            URI uri = URI.create(base.replaceFirst("^http", "ws") + acceptedReply.path("streamUrl").asText());
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
                private final StringBuilder frame = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    frame.append(data);
                    if (last) {
                        apply(frame.toString());
                        frame.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                    dropped();
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    dropped();
                }
            }).whenComplete((ws, failure) -> {
                if (failure != null) {
                    dropped();
                }
            });
        }
    }

    /** Server-Sent Events /events, resumed with Last-Event-ID (the seq) after a drop. */
    private final class SseClient extends Client {
        SseClient(JsonNode reply) {
            super(reply);
        }

        @Override
        String kind() {
            return "SSE";
        }

        @Override
        void open() {
            long lastSeq = events.values().stream().mapToLong(e -> e.path("seq").asLong()).max().orElse(0);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + acceptedReply.path("eventsUrl").asText()))
                    .header("Accept", "text/event-stream");
            if (lastSeq > 0) {
                request.header("Last-Event-ID", Long.toString(lastSeq));
            }
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() != 200) {
                    dropped();
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                apply(line.substring(5).strip());
                            }
                        }
                    } catch (Exception e) {
                        // the instance went away mid-stream: reconnect below
                    }
                    dropped();
                });
            });
        }
    }
}
