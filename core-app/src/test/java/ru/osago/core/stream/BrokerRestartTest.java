package ru.osago.core.stream;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestRequests;
import ru.osago.core.events.LiveTopicMessages;
import ru.osago.core.events.QuoteEventStore;
import ru.osago.core.request.RequestTokens;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.osago.core.TestEvents.ALFA;
import static ru.osago.core.TestEvents.BEREZA;
import static ru.osago.core.TestEvents.accepted;
import static ru.osago.core.TestEvents.completed;
import static ru.osago.core.TestEvents.offer;

/**
 * The broker stopped and started again under an open stream, as {@code run.sh --restart broker} does: core-app's
 * three ways to the broker come back by themselves, with no restart of core-app. Its intake reads rs.queue again,
 * its live-topic reader takes the other instances' events again (only the topic can bring them here: the stream's
 * database re-read is set far beyond the test), and a POST is sent to rq.queue again.
 */
@CoreAppTest
@TestPropertySource(properties = {
        "spring.artemis.mode=native",
        "spring.artemis.embedded.enabled=false",
        "osago.core.stream.recheck-every-ms=600000"})
// closed after this class, while its broker still runs (the broker goes with the JVM)
@DirtiesContext
class BrokerRestartTest {

    private static final int BROKER_PORT = freePort();
    private static EmbeddedActiveMQ broker = startBroker();

    @DynamicPropertySource
    static void restartableBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", BrokerRestartTest::brokerUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    RequestTokens tokens;
    @Autowired
    QuoteEventStore store;

    /** The test's own client, not core-app's pool: what it sends after the restart does not depend on what is tested. */
    private final JmsTemplate aggregator = testClient();

    @Test
    void afterABrokerRestartTheIntakeTheLiveTopicAndRequestsWorkAgainWithoutRestartingCoreApp() throws Exception {
        String id = UUID.randomUUID().toString();
        QuoteStreamWebSocketTest.publishAndAwaitStored(aggregator, store, accepted(id));
        QuoteStreamWebSocketTest.Frames frames = open(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.eventIds().size() == 1);

        broker.stop();
        broker = startBroker();

        // the intake: a message queued on the new broker is read and stored
        QuoteStreamWebSocketTest.publishAndAwaitStored(aggregator, store, offer(id, 2, ALFA, "7000.00"));
        // the live topic keeps nothing for a reader not yet subscribed again, so another instance's batch (unmarked,
        // as an earlier version sends it) is sent until it arrives; the stream sends an event once however often it comes
        String elsewhere = LiveTopicMessages.batchOf(offer(id, 3, BEREZA, "7100.00"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            aggregator.send(ActiveMQDestination.createTopic("osago.events.live"), session -> session.createTextMessage(elsewhere));
            return frames.eventIds().size() == 3;
        });
        QuoteStreamWebSocketTest.publishAndAwaitStored(aggregator, store, completed(id, 4));

        assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(frames.eventIds()).containsExactly(id + "/ACCEPTED", id + "/OFFER/alfa", id + "/OFFER/bereza", id + "/COMPLETED");
        // no request was sent while the broker was away, so its breaker is closed: the first one after goes through
        assertThat(TestRequests.post(HttpClient.newHttpClient(), port).statusCode()).isEqualTo(202);
        assertThat(aggregator.receive("rq.queue")).isNotNull();
    }

    private QuoteStreamWebSocketTest.Frames open(String id) throws Exception {
        QuoteStreamWebSocketTest.Frames frames = new QuoteStreamWebSocketTest.Frames();
        QuoteStreamWebSocketTest.open(HttpClient.newHttpClient(), port, tokens, id, frames);
        return frames;
    }

    private static JmsTemplate testClient() {
        JmsTemplate client = new JmsTemplate(new ActiveMQConnectionFactory(brokerUrl()));
        client.setReceiveTimeout(5000);
        return client;
    }

    private static String brokerUrl() {
        return "tcp://127.0.0.1:" + BROKER_PORT;
    }

    /** A fresh broker on the same port, holding nothing: queues and the topic are made as they are first used. */
    private static EmbeddedActiveMQ startBroker() {
        // Artemis' audit log asks for the caller's Subject, which JDK 24+ refuses: the test profile keeps that log at
        // WARN, but the first broker starts before Spring has set the log levels
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
        try {
            EmbeddedActiveMQ started = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(false)
                    .addAcceptorConfiguration("tcp", brokerUrl()));
            started.start();
            return started;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis did not start on " + brokerUrl(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
