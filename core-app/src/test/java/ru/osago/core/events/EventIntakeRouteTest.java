package ru.osago.core.events;

import org.apache.camel.CamelContext;
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

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "event-intake", route -> {
                route.replaceFromWith("direct:rs-queue");
                route.weaveById("publish-live").replace().to("mock:live");
                route.weaveById("event-dead-letter").replace().to("mock:dead-letter");
            });
            camel.start();
            advised = true;
        }
        live = camel.getEndpoint("mock:live", MockEndpoint.class);
        deadLetter = camel.getEndpoint("mock:dead-letter", MockEndpoint.class);
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
