package ru.osago.core.events;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestEvents;
import ru.osago.model.OsagoJson;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch consumer on the real (embedded) broker: events in, stored once, out on the live topic in batches. */
@CoreAppTest
class EventBatchConsumerTest {

    private static final int EVENTS = 60;

    @Autowired
    ConnectionFactory connections;
    @Autowired
    QuoteEventStore store;
    @Autowired
    MeterRegistry registry;

    @Test
    void eventsQueuedTogetherAreStoredOnceAndReachTheTopicOnceEachInFewerMessagesThanEvents() throws Exception {
        String requestId = UUID.randomUUID().toString();
        DistributionSummary batches = registry.get("osago.core.events.batch.messages").summary();
        long batchesBefore = batches.count();
        double messagesBefore = batches.totalAmount();
        try (Connection connection = connections.createConnection();
             Session topicSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer topic = topicSession.createConsumer(topicSession.createTopic("osago.events.live"));
             Session queueSession = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer queue = queueSession.createProducer(queueSession.createQueue("rs.queue"))) {
            connection.start();
            for (int seq = 1; seq <= EVENTS; seq++) {
                queue.send(queueSession.createTextMessage(TestEvents.json(TestEvents.offer(requestId, seq,
                        new ru.osago.model.InsurerRef("insurer-" + seq, "Insurer " + seq), "7000.00"))));
            }
            // a repeat of one of them, as a redelivery or a second publish would bring it
            queue.send(queueSession.createTextMessage(TestEvents.json(TestEvents.offer(requestId, 1,
                    new ru.osago.model.InsurerRef("insurer-1", "Insurer 1"), "7000.00"))));
            queueSession.commit();

            List<String> eventIds = new ArrayList<>();
            int messages = 0;
            TextMessage message;
            // other test classes' events may share the topic: only this request's count
            while ((message = (TextMessage) topic.receive(eventIds.size() < EVENTS ? 10_000 : 500)) != null) {
                // read as plain objects, as an instance of an earlier version reads the topic
                List<LiveEventsJsonTest.EarlierLiveEvent> batch = OsagoJson.mapper().readValue(message.getText(), new TypeReference<>() {
                });
                List<LiveEventsJsonTest.EarlierLiveEvent> ours = batch.stream().filter(live -> live.event().requestId().equals(requestId)).toList();
                messages += ours.isEmpty() ? 0 : 1;
                ours.forEach(live -> {
                    eventIds.add(live.event().eventId());
                    assertThat(live.arrivedAtMs()).isPositive();
                });
            }
            assertThat(eventIds).doesNotHaveDuplicates().hasSize(EVENTS);
            assertThat(messages).isLessThanOrEqualTo(EVENTS / 2);
            // the batch metric counts every message taken, in as many batches as reached the topic at least, and
            // fewer batches than messages (other classes' events may still come in, so no exact figures)
            double taken = batches.totalAmount() - messagesBefore;
            long batched = batches.count() - batchesBefore;
            assertThat(taken).isGreaterThanOrEqualTo(EVENTS + 1);
            assertThat(batched).isGreaterThanOrEqualTo(messages).isLessThan((long) taken);
        }
        assertThat(store.findByRequest(requestId)).hasSize(EVENTS);
    }
}
