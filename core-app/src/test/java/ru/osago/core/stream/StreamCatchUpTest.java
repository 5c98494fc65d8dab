package ru.osago.core.stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestMetrics;
import ru.osago.core.events.LiveEvent;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.events.StoredEvent;
import ru.osago.core.request.RequestTokens;
import ru.osago.model.QuoteEvent;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.osago.core.TestEvents.ALFA;
import static ru.osago.core.TestEvents.accepted;
import static ru.osago.core.TestEvents.completed;
import static ru.osago.core.TestEvents.offer;

/**
 * An open stream whose events the live topic lost: stored by another instance, whose topic message never came (as
 * when the broker drops this instance's connection), the stream gets them from the database. (The events this
 * instance stores itself need no topic: {@link QuoteStreamWebSocketTest}.)
 */
@CoreAppTest
@TestPropertySource(properties = {"osago.core.stream.recheck-every-ms=1000", "osago.core.stream.recheck-sweep-ms=250"})
class StreamCatchUpTest {

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    RequestTokens tokens;
    @Autowired
    QuoteEventStore store;

    @Test
    void aStreamWhoseFinalEventTheTopicLostGetsItAndWhatCameBeforeFromTheDatabaseAndIsCountedOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        publishAndAwaitStored(accepted(id));
        double caughtUpBefore = TestMetrics.value(port, "osago_core_streams_caught_up_total");
        QuoteStreamWebSocketTest.Frames frames = open(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 1);

        // stored as another instance's intake stores them, and never broadcast
        storedElsewhere(offer(id, 2, ALFA, "7000.00"));
        storedElsewhere(completed(id, 3));

        Integer closeCode = frames.closed.get(15, TimeUnit.SECONDS);
        assertThat(closeCode).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(frames.eventIds()).containsExactly(id + "/ACCEPTED", id + "/OFFER/alfa", id + "/COMPLETED");
        assertThat(TestMetrics.value(port, "osago_core_streams_caught_up_total")).isEqualTo(caughtUpBefore + 1);
    }

    private QuoteStreamWebSocketTest.Frames open(String id) throws Exception {
        QuoteStreamWebSocketTest.Frames frames = new QuoteStreamWebSocketTest.Frames();
        QuoteStreamWebSocketTest.open(HttpClient.newHttpClient(), port, tokens, id, frames);
        return frames;
    }

    private void storedElsewhere(QuoteEvent event) {
        store.storeOnce(List.of(new LiveEvent(StoredEvent.of(event), System.currentTimeMillis())));
    }

    private void publishAndAwaitStored(QuoteEvent event) {
        QuoteStreamWebSocketTest.publishAndAwaitStored(jms, store, event);
    }
}
