package ru.osago.core.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jms.core.JmsTemplate;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestMetrics;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.events.StoredEvent;
import ru.osago.core.request.RequestTokens;
import ru.osago.model.EventType;
import ru.osago.model.InsurerRef;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static ru.osago.core.TestEvents.ALFA;
import static ru.osago.core.TestEvents.BEREZA;
import static ru.osago.core.TestEvents.VOLGA;
import static ru.osago.core.TestEvents.accepted;
import static ru.osago.core.TestEvents.completed;
import static ru.osago.core.TestEvents.declined;
import static ru.osago.core.TestEvents.json;
import static ru.osago.core.TestEvents.offer;

@CoreAppTest
class QuoteStreamWebSocketTest {

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    RequestTokens tokens;
    @Autowired
    QuoteEventStore store;
    @Autowired
    CamelContext camel;
    @Autowired
    WebServerApplicationContext server;

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * The topic's reader stopped: the events this instance stores still reach its stream live, from its intake. A
     * stream waiting for them otherwise re-reads the database only after 65 s.
     */
    @Test
    void theEventsThisInstanceStoresReachItsStreamsWithoutTheTopic() throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        Frames frames = new Frames();
        open(id, frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 1);

        camel.getRouteController().stopRoute("event-broadcast");
        try {
            publishAndAwaitStored(offer(id, 2, ALFA, "7000.00"));
            publishAndAwaitStored(completed(id, 3));

            assertThat(frames.closed.get(15, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            assertThat(frames.eventIds()).containsExactly(id + "/ACCEPTED", id + "/OFFER/alfa", id + "/COMPLETED");
        } finally {
            camel.getRouteController().startRoute("event-broadcast");
        }
    }

    @Test
    void clientConnectingMidStreamGetsEarlierEventsThenLiveOnesWithoutDuplicatesAndTheSocketClosesAfterCompleted()
            throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        publishAndAwaitStored(offer(id, 2, ALFA, "7000.00"));

        Frames frames = new Frames();
        open(id, frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 2);

        jms.convertAndSend("rs.queue", json(offer(id, 2, ALFA, "7000.00")));
        publishAndAwaitStored(declined(id, 3, BEREZA));
        publishAndAwaitStored(offer(id, 4, VOLGA, "9100.50"));
        publishAndAwaitStored(completed(id, 5));

        Integer closeCode = frames.closed.get(10, TimeUnit.SECONDS);
        assertThat(closeCode).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(frames.eventIds()).containsExactly(
                id + "/ACCEPTED", id + "/OFFER/alfa", id + "/INSURER_DECLINED/bereza", id + "/OFFER/volga", id + "/COMPLETED");
    }

    @Test
    void anOpenStreamIsCountedByItsKindAndEachLiveEventItSendsIsTimedOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        double openBefore = TestMetrics.value(port, "osago_core_streams_open", "kind=\"websocket\"");
        double pushedBefore = TestMetrics.value(port, "osago_core_push_latency_seconds_count");

        Frames frames = new Frames();
        open(id, frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 1);
        assertThat(TestMetrics.value(port, "osago_core_streams_open", "kind=\"websocket\"")).isEqualTo(openBefore + 1);
        assertThat(TestMetrics.value(port, "osago_core_streams_open", "kind=\"sse\"")).isZero();

        publishAndAwaitStored(offer(id, 2, ALFA, "7000.00"));
        publishAndAwaitStored(completed(id, 3));
        frames.closed.get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestMetrics.value(port, "osago_core_streams_open", "kind=\"websocket\"") == openBefore);
        // the replayed ACCEPTED is not a push; the live OFFER and COMPLETED are, once each
        assertThat(TestMetrics.value(port, "osago_core_push_latency_seconds_count")).isEqualTo(pushedBefore + 2);
    }

    /** A stream holds only small buffers for what a browser sends: a small message is ignored, a larger one ends it. */
    @Test
    void aSmallMessageFromTheBrowserIsIgnoredAndOneOverTheLimitClosesTheStreamWith1009(
            @Value("${osago.core.stream.incoming-message-bytes}") int limit) throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        Frames frames = new Frames();
        WebSocket socket = open(id, frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 1);

        socket.sendText("x".repeat(limit / 2), true).get(10, TimeUnit.SECONDS);
        publishAndAwaitStored(offer(id, 2, ALFA, "7000.00"));
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 2);
        assertThat(frames.closed).isNotDone();

        socket.sendText("x".repeat(limit + 1), true).get(10, TimeUnit.SECONDS);
        assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    /** Tomcat gives each open stream's frame buffers the configured size, not its default of 8 KiB each. */
    @Test
    void tomcatSizesEachStreamsFrameBuffersAsConfigured(@Value("${osago.core.stream.websocket-buffer-bytes}") int bytes)
            throws Exception {
        Field size = Class.forName("org.apache.tomcat.websocket.Constants").getDeclaredField("DEFAULT_BUFFER_SIZE");
        size.setAccessible(true);

        assertThat(size.getInt(null)).isEqualTo(bytes).isLessThan(8192);
    }

    /** Tomcat gives each connection, an open stream's included, read and write buffers of the configured size. */
    @Test
    void tomcatSizesEachConnectionsBuffersAsConfigured(@Value("${osago.core.connection-buffer-bytes}") int bytes) {
        Connector connector = ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo(Integer.toString(bytes)).isNotEqualTo("8192");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo(Integer.toString(bytes));
    }

    /** Events larger than those buffers, replayed and live, reach the browser whole and as stored. */
    @Test
    void eventsLargerThanTheFrameBuffersArriveWhole(@Value("${osago.core.stream.websocket-buffer-bytes}") int bytes)
            throws Exception {
        String id = UUID.randomUUID().toString();
        List<InsurerRef> sixty = IntStream.rangeClosed(1, 60)
                .mapToObj(i -> new InsurerRef("insurer-" + i, "Страховая компания №" + i)).toList();
        QuoteEvent accepted = QuoteEvent.accepted(id, 1, Instant.now(), sixty, Instant.now().plusSeconds(60));
        QuoteEvent declined = QuoteEvent.insurerEnded(id, 2, Instant.now(), EventType.INSURER_DECLINED, ALFA,
                "причина отказа ".repeat(300));
        assertThat(json(accepted).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * bytes);
        assertThat(json(declined).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * bytes);

        publishAndAwaitStored(accepted);
        Frames frames = new Frames();
        open(id, frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.texts.size() == 1);
        publishAndAwaitStored(declined);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.texts.size() == 2);

        // the same events, field for field (a replayed one is the database's jsonb text, a live one the writer's)
        assertThat(trees(frames.texts)).isEqualTo(trees(store.findByRequest(id).stream().map(StoredEvent::json).toList()));
    }

    @Test
    void aWrongTokenIsRefusedAtTheHandshake() {
        String id = UUID.randomUUID().toString();

        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/osago/requests/" + id + "/stream?token=" + tokens.issue("other")), new Frames())
                .get(10, TimeUnit.SECONDS));

        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void aPageFromAnotherOriginIsRefusedAtTheHandshake() {
        String id = UUID.randomUUID().toString();

        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder()
                .header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/osago/requests/" + id + "/stream?token=" + tokens.issue(id)), new Frames())
                .get(10, TimeUnit.SECONDS));

        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void sseStreamSendsStoredEventsWithSeqIdsAndEndsAfterCompleted() throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        publishAndAwaitStored(offer(id, 2, ALFA, "7000.00"));
        publishAndAwaitStored(completed(id, 3));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/osago/requests/" + id + "/events?token=" + tokens.issue(id)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.body().lines().filter(l -> l.startsWith("id:")).toList()).containsExactly("id:1", "id:2", "id:3");
        assertThat(response.body()).contains(id + "/COMPLETED");
    }

    @Test
    void sseWithAWrongTokenIsForbidden() throws Exception {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/osago/requests/" + id + "/events?token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private static List<JsonNode> trees(List<String> texts) throws Exception {
        List<JsonNode> trees = new java.util.ArrayList<>();
        for (String text : texts) {
            trees.add(OsagoJson.mapper().readTree(text));
        }
        return trees;
    }

    private WebSocket open(String id, Frames frames) throws Exception {
        return open(http, port, tokens, id, frames);
    }

    /** Opens the request's stream with its own token, as the page does. */
    static WebSocket open(HttpClient http, int port, RequestTokens tokens, String id, Frames frames) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/osago/requests/" + id + "/stream?token=" + tokens.issue(id)), frames)
                .get(10, TimeUnit.SECONDS);
    }

    private void publishAndAwaitStored(QuoteEvent event) {
        publishAndAwaitStored(jms, store, event);
    }

    /** Publishes the event on rs.queue as the aggregator does, and waits until core-app has stored it. */
    static void publishAndAwaitStored(JmsTemplate jms, QuoteEventStore store, QuoteEvent event) {
        jms.convertAndSend("rs.queue", json(event));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                store.findByRequest(event.requestId()).stream().anyMatch(e -> e.eventId().equals(event.eventId())));
    }

    /** Collects whole text frames (a frame may arrive in parts) and the close code. */
    static final class Frames implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
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

        List<String> eventIds() throws Exception {
            List<String> ids = new java.util.ArrayList<>();
            for (String text : texts) {
                ids.add(OsagoJson.mapper().readValue(text, QuoteEvent.class).eventId());
            }
            return ids;
        }
    }
}
