package ru.osago.core.events;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rs.queue's failed batches on the embedded broker, through the real {@link EventBatchConsumer}: a failure that is
 * not the event's (here storing it) rolls back for a redelivery; on the last one (osago.core.jms.max-deliveries,
 * 5) the event goes to rs.dlq with the failure as its reason, instead of the broker dead-lettering it with none.
 * A rollback takes back what the batch sent: its live-topic message goes out with its commit.
 */
@CamelSpringBootTest
@UseAdviceWith
@CoreAppTest
@DirtiesContext
class EventLastDeliveryTest {

    @Autowired
    CamelContext camel;
    @Autowired
    QuoteEventStore store;
    @Autowired
    ConnectionFactory connections;
    @Autowired
    ProducerTemplate route;
    @Autowired
    LastDelivery lastDelivery;

    private static boolean advised;

    private MockEndpoint storing;
    private MockEndpoint published;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "event-intake", route -> {
                route.weaveById("store-events").before().to("mock:store");
                route.weaveById("publish-live").after().to("mock:published");
            });
            camel.start();
            advised = true;
        }
        storing = camel.getEndpoint("mock:store", MockEndpoint.class);
        published = camel.getEndpoint("mock:published", MockEndpoint.class);
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void anEventStillFailingOnItsLastDeliveryGoesToTheDeadLetterQueueWithItsReasonAndIsNotStored() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        AtomicInteger attempts = failStoringFor(requestId, Integer.MAX_VALUE);

        TextMessage dead = sendToRsQueueAndReadDeadLetter(offer, requestId, 10_000);

        assertThat(dead).as("on rs.dlq").isNotNull();
        assertThat(dead.getStringProperty(EventIntakeRoute.DEAD_LETTER_REASON))
                .isEqualTo("failed in 5 deliveries: IllegalStateException: database unavailable");
        assertThat(dead.getText()).isEqualTo(offer);
        assertThat(dead.getStringProperty("osagoTestMark")).as("the sender's property kept").isEqualTo(requestId);
        assertThat(attempts).as("deliveries tried").hasValue(5);
        assertThat(store.findByRequest(requestId)).as("the dead-lettered event is not stored").isEmpty();
    }

    @Test
    void anEventStoredOnItsLastDeliveryIsNotDeadLettered() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        AtomicInteger attempts = failStoringFor(requestId, 4);

        TextMessage dead = sendToRsQueueAndReadDeadLetter(offer, requestId, 3_000);

        assertThat(dead).isNull();
        assertThat(attempts).as("stored on the fifth delivery").hasValue(5);
        assertThat(store.findByRequest(requestId)).hasSize(1);
    }

    @Test
    void aBatchFailingAfterItsPublishSendsNothingToTheTopicAndItsRedeliveryPublishesOnce() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        AtomicInteger publishes = new AtomicInteger();
        published.whenAnyExchangeReceived(exchange -> {
            if (exchange.getMessage().getBody(String.class).contains(requestId) && publishes.incrementAndGet() == 1) {
                throw new IllegalStateException("failed after the publish");
            }
        });
        List<String> onTopic = new ArrayList<>();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer topic = session.createConsumer(session.createTopic("osago.events.live"));
             MessageProducer queue = session.createProducer(session.createQueue("rs.queue"))) {
            connection.start();
            queue.send(session.createTextMessage(offer));
            // the first copy within 10 s, then half a second more for a second one
            while (topic.receive(onTopic.isEmpty() ? 10_000 : 500) instanceof TextMessage live) {
                if (live.getText().contains(requestId)) {
                    onTopic.add(live.getText());
                }
            }
        }

        assertThat(publishes).as("the route published on both deliveries").hasValue(2);
        assertThat(onTopic).as("only the committed delivery's message reached the topic").hasSize(1);
        assertThat(store.findByRequest(requestId)).hasSize(1);
    }

    /**
     * A failed batch of three with one event on its last delivery: each is tried alone, the one still failing on
     * its last delivery goes to the dead-letter queue in the batch's session and the others are left stored.
     */
    @Test
    void aFailedBatchIsTriedEventByEventAndOnlyTheOneFailingOnItsLastDeliveryIsDeadLettered() throws Exception {
        List<String> triedAlone = new ArrayList<>();
        Settled settled = settle(new int[]{2, 5, 1}, message -> {
            triedAlone.add((String) message.body());
            return message.body().equals("b") ? new IllegalStateException("b fails") : null;
        });

        assertThat(settled.result()).isTrue();
        assertThat(triedAlone).containsExactly("a", "b", "c");
        assertThat(settled.deadLetters()).containsExactly("b: failed in 5 deliveries: IllegalStateException: b fails");
    }

    @Test
    void aFailedBatchRollsBackWhenAnEventNotOnItsLastDeliveryFailsAloneOrWhenNoneIsOnItsLast() throws Exception {
        // a fails on its last delivery and is dead-lettered, then b fails on its second: the rollback takes a's back
        Settled notLast = settle(new int[]{5, 2, 1}, message -> message.body().equals("c") ? null : new IllegalStateException("fails"));
        Settled noneLast = settle(new int[]{1, 4, 2}, message -> {
            throw new AssertionError("nothing to try alone: " + message.body());
        });

        assertThat(notLast.result()).isFalse();
        assertThat(notLast.deadLetters()).as("rolled back by the caller").isEmpty();
        assertThat(noneLast.result()).isFalse();
    }

    /**
     * An unreadable event beside one whose store fails, both on their last delivery, through the real route as the
     * consumer runs it: the failed batch sends no dead letter (the route sends them after its store and its
     * publish), so once each is tried alone the commit puts each on rs.dlq once, not the unreadable one twice.
     */
    @Test
    void anUnreadableEventOfABatchFailingOnItsLastDeliveryIsDeadLetteredOnce() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        String unreadable = "{\"eventId\":\"" + requestId + "\",\"type\":\"NO_SUCH_TYPE\"}";
        failStoringFor(requestId, Integer.MAX_VALUE);
        String queue = "test.last-delivery." + UUID.randomUUID();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(session.createQueue(queue));
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            producer.send(session.createTextMessage(unreadable));
            producer.send(session.createTextMessage(offer));
            session.commit();
            List<Message> received = List.of(consumer.receive(5_000), consumer.receive(5_000));
            List<EventMessage> batch = new ArrayList<>();
            for (Message message : received) {
                EventMessage read = EventMessage.of(message);
                batch.add(new EventMessage(read.messageId(), read.body(), 5, read.arrivedAtMs()));
            }
            // the route's JMS sends join this session, as they join the consumer's
            TransactionSynchronizationManager.bindResource(connections, new JmsResourceHolder(session));
            try {
                Exchange failed = route.send(EventBatchConsumer.ROUTE, exchange -> exchange.getMessage().setBody(batch));
                assertThat(failed.getException()).hasMessage("database unavailable");
                assertThat(lastDelivery.settle(session, received, batch, failed.getException(), message ->
                        route.send(EventBatchConsumer.ROUTE, exchange -> exchange.getMessage().setBody(List.of(message)))
                                .getException())).isTrue();
                session.commit();
            } finally {
                TransactionSynchronizationManager.unbindResource(connections);
            }
        }

        List<String> deadLetters = new ArrayList<>();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer dlq = session.createConsumer(session.createQueue("rs.dlq"))) {
            connection.start();
            while (dlq.receive(deadLetters.size() < 2 ? 5_000 : 1_000) instanceof TextMessage dead) {
                if (dead.getText().contains(requestId)) {
                    deadLetters.add(dead.getText().equals(offer) ? "offer: " + dead.getStringProperty(EventIntakeRoute.DEAD_LETTER_REASON) : "unreadable");
                }
            }
        }
        assertThat(deadLetters).containsExactlyInAnyOrder("unreadable",
                "offer: failed in 5 deliveries: IllegalStateException: database unavailable");
    }

    private record Settled(boolean result, List<String> deadLetters) {
    }

    /**
     * Bodies a, b, c with these delivery counts received in one transacted session on a queue of their own,
     * {@link LastDelivery#settle} with a dead-letter queue of its own; commits when it says so, rolls back
     * otherwise, and gives the dead letters as "body: reason".
     */
    private Settled settle(int[] deliveries, Function<EventMessage, Throwable> alone) throws Exception {
        String queue = "test.last-delivery." + UUID.randomUUID();
        LastDelivery lastDelivery = new LastDelivery(5, queue + ".dlq");
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(session.createQueue(queue));
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
             MessageConsumer dlq = session.createConsumer(session.createQueue(queue + ".dlq"))) {
            connection.start();
            List<EventMessage> batch = new ArrayList<>();
            for (int i = 0; i < deliveries.length; i++) {
                String body = String.valueOf((char) ('a' + i));
                producer.send(session.createTextMessage(body));
                batch.add(new EventMessage("ID:" + body, body, deliveries[i], System.currentTimeMillis()));
            }
            session.commit();
            List<Message> received = new ArrayList<>();
            for (int i = 0; i < deliveries.length; i++) {
                received.add(consumer.receive(5_000));
            }
            boolean result = lastDelivery.settle(session, received, batch, new IllegalStateException("batch"), alone);
            if (result) {
                session.commit();
            } else {
                session.rollback();
            }
            List<String> deadLetters = new ArrayList<>();
            TextMessage dead;
            while ((dead = (TextMessage) dlq.receive(500)) != null) {
                deadLetters.add(dead.getText() + ": " + dead.getStringProperty(EventIntakeRoute.DEAD_LETTER_REASON));
            }
            session.commit();
            return new Settled(result, deadLetters);
        }
    }

    /** Storing throws for this request's first {@code failures} batches; counts every batch of it. */
    private AtomicInteger failStoringFor(String requestId, int failures) {
        AtomicInteger attempts = new AtomicInteger();
        storing.whenAnyExchangeReceived(exchange -> {
            List<?> batch = exchange.getMessage().getBody(List.class);
            boolean ofRequest = batch.stream().anyMatch(e -> ((LiveEvent) e).stored().requestId().equals(requestId));
            if (ofRequest && attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("database unavailable");
            }
        });
        return attempts;
    }

    /** Puts the body on rs.queue with a property of the sender's and waits for its copy on rs.dlq (null: none). */
    private TextMessage sendToRsQueueAndReadDeadLetter(String body, String requestId, long waitMs) throws Exception {
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer queue = session.createProducer(session.createQueue("rs.queue"));
             MessageConsumer dlq = session.createConsumer(session.createQueue("rs.dlq"))) {
            connection.start();
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("osagoTestMark", requestId);
            queue.send(message);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            long left;
            while ((left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) > 0) {
                if (dlq.receive(left) instanceof TextMessage dead && dead.getText().contains(requestId)) {
                    return dead;
                }
            }
            return null;
        }
    }
}
