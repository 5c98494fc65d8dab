package ru.osago.core.stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.socket.CloseStatus;
import ru.osago.core.CoreAppTest;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.request.RequestTokens;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.osago.core.TestEvents.accepted;
import static ru.osago.core.TestEvents.completed;
import static ru.osago.core.stream.QuoteStreamWebSocketTest.open;
import static ru.osago.core.stream.QuoteStreamWebSocketTest.publishAndAwaitStored;

/**
 * core-app's context paused and restarted, as Spring's test context cache does to a cached context while another
 * test class runs: the pause stops the lifecycle beans, so the open streams are ended as going away, and after the
 * restart a new stream is served again, from the database and live. The pause used to leave every later stream
 * ended at once, which failed {@link QuoteStreamWebSocketTest} when its cached context had been paused.
 */
@CoreAppTest
// paused and restarted here, so not handed to another test class
@DirtiesContext
class StreamLifecycleRestartTest {

    @LocalServerPort
    int port;
    @Autowired
    ConfigurableApplicationContext context;
    @Autowired
    JmsTemplate jms;
    @Autowired
    QuoteEventStore store;
    @Autowired
    RequestTokens tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStreamOpenedAfterARestartGetsItsEvents() throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(jms, store, accepted(id));
        QuoteStreamWebSocketTest.Frames before = new QuoteStreamWebSocketTest.Frames();
        open(http, port, tokens, id, before);
        await().atMost(Duration.ofSeconds(10)).until(() -> before.eventIds().size() == 1);

        context.pause();
        assertThat(before.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseStatus.SERVICE_RESTARTED.getCode());
        context.restart();

        QuoteStreamWebSocketTest.Frames after = new QuoteStreamWebSocketTest.Frames();
        open(http, port, tokens, id, after);
        await().atMost(Duration.ofSeconds(10)).until(() -> after.eventIds().size() == 1);
        publishAndAwaitStored(jms, store, completed(id, 2));

        assertThat(after.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(after.eventIds()).containsExactly(id + "/ACCEPTED", id + "/COMPLETED");
    }
}
