package ru.osago.core.events;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestEvents;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live topic on the real (embedded) broker: this instance marks what it publishes, and its own reader takes
 * the other instances' messages, marked or not (an earlier version marks none), but never its own.
 */
@CoreAppTest
class LiveTopicOriginTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionFactory connections;
    @Autowired
    LiveTopicOrigin origin;

    @Test
    void theTopicsReaderSkipsWhatThisInstancePublishedAndTakesWhatOthersDid() throws Exception {
        NotifyBuilder own = new NotifyBuilder(camel).fromRoute("event-broadcast")
                .filter(header(LiveTopicOrigin.PROPERTY).isEqualTo(origin.id())).whenDone(1).create();
        NotifyBuilder others = new NotifyBuilder(camel).fromRoute("event-broadcast")
                .filter(header(LiveTopicOrigin.PROPERTY).isNotEqualTo(origin.id())).whenDone(2).create();
        String requestId = UUID.randomUUID().toString();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Topic live = session.createTopic("osago.events.live");
            MessageConsumer watch = session.createConsumer(live);
            MessageProducer producer = session.createProducer(null);
            connection.start();

            // through this instance's intake: stored, then published marked as this instance's
            producer.send(session.createQueue("rs.queue"), session.createTextMessage(TestEvents.json(TestEvents.accepted(requestId))));
            TextMessage published = awaitPublished(watch, requestId);
            assertThat(published.getStringProperty(LiveTopicOrigin.PROPERTY)).isEqualTo(origin.id());

            // then another instance's batch, and one of an earlier version that marks none
            TextMessage marked = session.createTextMessage(LiveTopicMessages.batchOf(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00")));
            marked.setStringProperty(LiveTopicOrigin.PROPERTY, "another-instance");
            producer.send(live, marked);
            producer.send(live, session.createTextMessage(LiveTopicMessages.batchOf(TestEvents.offer(requestId, 3, TestEvents.BEREZA, "7100.00"))));
        }
        assertThat(others.matches(10, TimeUnit.SECONDS)).isTrue();
        // this reader takes the topic's messages one at a time, in order: its own one, published first, would be done by now
        assertThat(own.matches()).isFalse();
    }

    @Test
    void theTopicsReaderAcknowledgesInBatchesNotOneMessageAtATime() {
        // a message seen twice after a session's recovery is dropped by its stream (StreamSubscriberTest)
        JmsEndpoint reader = (JmsEndpoint) camel.getRoute("event-broadcast").getEndpoint();
        assertThat(reader.getConfiguration().getAcknowledgementModeName()).isEqualTo("DUPS_OK_ACKNOWLEDGE");
    }

    private static TextMessage awaitPublished(MessageConsumer watch, String requestId) throws Exception {
        TextMessage message;
        while ((message = (TextMessage) watch.receive(10_000)) != null) {
            if (message.getText().contains(requestId)) {
                return message;
            }
        }
        throw new AssertionError("the intake published nothing for " + requestId + " within 10 s");
    }
}
