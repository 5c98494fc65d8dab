package ru.osago.core.events;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.core.CoreAppTest;
import ru.osago.core.TestEvents;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@CamelSpringBootTest
@UseAdviceWith
@CoreAppTest
@DirtiesContext
class EventIntakeRouteTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    QuoteEventStore store;

    private static boolean advised;

    private MockEndpoint live;
    private MockEndpoint deadLetter;
    private MockEndpoint lastDeliveryDeadLetter;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "event-intake", route -> {
                route.replaceFromWith("direct:rs-queue");
                route.weaveById("publish-live").replace().to("mock:live");
                route.weaveById("event-dead-letter").replace().to("mock:dead-letter");
                route.weaveById("event-dead-letter-last-delivery").replace().to("mock:dead-letter-last-delivery");
            });
            camel.start();
            advised = true;
        }
        live = camel.getEndpoint("mock:live", MockEndpoint.class);
        deadLetter = camel.getEndpoint("mock:dead-letter", MockEndpoint.class);
        lastDeliveryDeadLetter = camel.getEndpoint("mock:dead-letter-last-delivery", MockEndpoint.class);
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void aRepeatedEventIdIsStoredAndPublishedOnlyOnce() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.expectedMessageCount(1);

        producer.sendBody("direct:rs-queue", offer);
        producer.sendBody("direct:rs-queue", offer);

        live.assertIsSatisfied();
        assertThat(live.getReceivedExchanges().get(0).getMessage().getBody(String.class)).contains(requestId + "/OFFER/alfa");
        assertThat(store.findByRequest(requestId)).hasSize(1);
        deadLetter.expectedMessageCount(0);
        deadLetter.assertIsSatisfied();
    }

    @Test
    void aFailedPublishRollsTheInsertBackSoTheRedeliveredEventIsStoredAndPublished() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.whenExchangeReceived(1, exchange -> {
            throw new IllegalStateException("topic unavailable");
        });
        live.expectedMessageCount(2);

        assertThatThrownBy(() -> producer.sendBody("direct:rs-queue", offer)).hasRootCauseMessage("topic unavailable");
        assertThat(store.findByRequest(requestId)).isEmpty();
        producer.sendBody("direct:rs-queue", offer);

        live.assertIsSatisfied();
        assertThat(store.findByRequest(requestId)).hasSize(1);
    }

    /**
     * A failure that is not the event's (here the live topic) rolls back for the broker to redeliver; on the
     * broker's last delivery (osago.core.jms.max-deliveries, 5) the event goes to rs.dlq with the failure as its
     * reason and is not stored, instead of being dead-lettered by the broker with no reason.
     */
    @Test
    void aFailureRollsBackUntilTheLastDeliveryWhichSendsTheEventToTheDeadLetterQueueWithItsReason() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("topic unavailable");
        });

        Exchange fourth = producer.send("direct:rs-queue", delivery(offer, 4));
        Exchange fifth = producer.send("direct:rs-queue", delivery(offer, 5));

        assertThat(innermost(fourth.getException())).as("rolled back for a redelivery").hasMessage("topic unavailable");
        assertThat(fifth.getException()).isNull();
        assertThat(lastDeliveryDeadLetter.getReceivedExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getMessage().getHeader(EventIntakeRoute.DEAD_LETTER_REASON, String.class))
                    .isEqualTo("not stored in 5 deliveries: IllegalStateException: topic unavailable");
            assertThat(e.getMessage().getBody(String.class)).isEqualTo(offer);
        });
        assertThat(deadLetter.getReceivedCounter()).isZero();
        assertThat(store.findByRequest(requestId)).as("the dead-lettered event is not stored").isEmpty();
    }

    @Test
    void aStoredEventOnTheLastDeliveryIsNotDeadLettered() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.expectedMessageCount(1);

        Exchange last = producer.send("direct:rs-queue", delivery(offer, 5));

        assertThat(last.getException()).isNull();
        live.assertIsSatisfied();
        assertThat(lastDeliveryDeadLetter.getReceivedCounter()).isZero();
        assertThat(store.findByRequest(requestId)).hasSize(1);
    }

    private static Throwable innermost(Throwable t) {
        return t == null || t.getCause() == null ? t : innermost(t.getCause());
    }

    private static Processor delivery(String body, int deliveryCount) {
        return exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader("JMSXDeliveryCount", deliveryCount);
        };
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        deadLetter.expectedMessageCount(1);
        deadLetter.message(0).header("osagoDeadLetterReason").isNotNull();
        live.expectedMessageCount(0);

        producer.sendBody("direct:rs-queue", "{\"eventId\": 42, \"type\": \"NO_SUCH_TYPE\"}");

        deadLetter.assertIsSatisfied();
        live.assertIsSatisfied();
    }

    /**
     * 300 generated, mutated and junk bodies through the route as rs.queue delivers them: each is stored and
     * published, a repeat, or on rs.dlq with its reason. None throws back to the consumer, which would roll
     * back and have the broker redeliver it five times and dead-letter it without a reason.
     */
    @Test
    void everyHostileEventIsStoredOrDeadLetteredWithAReasonAndNoneRollsBack() {
        HostileEvents events = new HostileEvents(77L);
        int cases = 300;
        java.util.List<String> thrown = new java.util.ArrayList<>();
        for (int i = 0; i < cases; i++) {
            Object body = events.body();
            try {
                producer.sendBody("direct:rs-queue", body);
            } catch (RuntimeException e) {
                thrown.add("case " + i + ": " + e.getCause());
            }
        }

        assertThat(thrown).isEmpty();
        assertThat(deadLetter.getReceivedExchanges()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMessage().getHeader("osagoDeadLetterReason", String.class)).isNotBlank().hasSizeLessThan(1_000));
        assertThat(live.getReceivedCounter() + deadLetter.getReceivedCounter()).isBetween(cases * 9 / 10, cases);
    }
}
