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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
    void aBatchIsStoredAndPublishedAsOneMessageWithEachEventIdOnceAndARepeatIsStoredOnceButPublishedAgain() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String accepted = TestEvents.json(TestEvents.accepted(requestId));
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.expectedMessageCount(2);

        send(accepted, offer, offer);
        send(offer);

        live.assertIsSatisfied();
        String published = live.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertThat(published.split(requestId + "/OFFER/alfa", -1)).hasSize(2);
        assertThat(published.indexOf(requestId + "/ACCEPTED")).isLessThan(published.indexOf(requestId + "/OFFER/alfa"));
        // the repeat may be the redelivery of a batch whose publish failed: streams drop what they have sent
        assertThat(live.getReceivedExchanges().get(1).getMessage().getBody(String.class)).contains(requestId + "/OFFER/alfa");
        assertThat(store.findByRequest(requestId)).hasSize(2);
        deadLetter.expectedMessageCount(0);
        deadLetter.assertIsSatisfied();
    }

    /**
     * A stream registers, then reads the stored events: whatever reaches the topic must be readable by then from
     * any other connection, or a stream opening meanwhile misses it both ways.
     */
    @Test
    void aBatchIsCommittedBeforeItIsPublished() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String accepted = TestEvents.json(TestEvents.accepted(requestId));
        List<Integer> storedWhenPublished = new ArrayList<>();
        live.whenAnyExchangeReceived(exchange ->
                storedWhenPublished.add(CompletableFuture.supplyAsync(() -> store.findByRequest(requestId).size()).get()));
        live.expectedMessageCount(1);

        send(accepted);

        live.assertIsSatisfied();
        assertThat(storedWhenPublished).containsExactly(1);
    }

    @Test
    void aFailedPublishLeavesTheBatchStoredAndItsRedeliveryPublishesItAgain() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String accepted = TestEvents.json(TestEvents.accepted(requestId));
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        live.whenExchangeReceived(1, exchange -> {
            throw new IllegalStateException("topic unavailable");
        });
        live.expectedMessageCount(2);

        assertThatThrownBy(() -> send(accepted, offer)).hasRootCauseMessage("topic unavailable");
        assertThat(store.findByRequest(requestId)).hasSize(2);
        send(accepted, offer);

        live.assertIsSatisfied();
        assertThat(live.getReceivedExchanges().get(1).getMessage().getBody(String.class))
                .contains(requestId + "/ACCEPTED", requestId + "/OFFER/alfa");
        assertThat(store.findByRequest(requestId)).hasSize(2);
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterQueueWithItsReasonAndTheRestOfItsBatchIsStored() throws Exception {
        String requestId = UUID.randomUUID().toString();
        deadLetter.expectedMessageCount(1);
        deadLetter.message(0).header("osagoDeadLetterReason").isNotNull();
        deadLetter.message(0).body(String.class).contains("NO_SUCH_TYPE");
        // the dead letter leaves after the batch's publish, and is no live-topic message
        deadLetter.message(0).header(LiveTopicOrigin.PROPERTY).isNull();
        live.expectedMessageCount(1);
        live.message(0).header(LiveTopicOrigin.PROPERTY).isNotNull();

        send("{\"eventId\": 42, \"type\": \"NO_SUCH_TYPE\"}", TestEvents.json(TestEvents.accepted(requestId)));

        deadLetter.assertIsSatisfied();
        live.assertIsSatisfied();
        assertThat(store.findByRequest(requestId)).hasSize(1);
    }

    @Test
    void aPackedMessageIsStoredEventByEventAndItsUnreadableEventAloneGoesToTheDeadLetterQueue() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String accepted = TestEvents.json(TestEvents.accepted(requestId));
        String offer = TestEvents.json(TestEvents.offer(requestId, 2, TestEvents.ALFA, "7000.00"));
        deadLetter.expectedMessageCount(1);
        deadLetter.message(0).header("osagoDeadLetterReason").isEqualTo("eventId must be 1-200 characters");
        deadLetter.message(0).body(String.class).isEqualTo("{\"eventId\":\"\",\"type\":\"OFFER\"}");
        live.expectedMessageCount(1);

        send("[" + accepted + ",{\"eventId\":\"\",\"type\":\"OFFER\"}," + offer + "]");

        deadLetter.assertIsSatisfied();
        live.assertIsSatisfied();
        assertThat(store.findByRequest(requestId)).extracting(StoredEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void anEmptyPackGoesToTheDeadLetterQueueWhole() throws Exception {
        deadLetter.expectedMessageCount(1);
        deadLetter.message(0).header("osagoDeadLetterReason").isEqualTo("event array is empty");
        deadLetter.message(0).body(String.class).isEqualTo("[ ]");

        send("[ ]");

        deadLetter.assertIsSatisfied();
    }

    /**
     * 300 generated, mutated and junk bodies, single events and packs, through the route in batches of 30, as
     * rs.queue delivers them: each event is stored and published, a repeat, or on rs.dlq with its reason. No batch throws back to the consumer, which
     * would roll back and have the broker redeliver it five times and dead-letter it without a reason.
     */
    @Test
    void everyHostileEventIsStoredOrDeadLetteredWithAReasonAndNoBatchRollsBack() {
        HostileEvents events = new HostileEvents(77L);
        List<String> thrown = new ArrayList<>();
        int cases = 300;
        for (int batch = 0; batch < cases / 30; batch++) {
            List<EventMessage> messages = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                messages.add(new EventMessage("ID:" + batch + "-" + i, events.body(), 1, System.currentTimeMillis()));
            }
            try {
                producer.sendBody(EventBatchConsumer.ROUTE, messages);
            } catch (RuntimeException e) {
                thrown.add("batch " + batch + ": " + e.getCause());
            }
        }

        assertThat(thrown).isEmpty();
        assertThat(deadLetter.getReceivedExchanges()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMessage().getHeader("osagoDeadLetterReason", String.class)).isNotBlank().hasSizeLessThan(1_000));
        assertThat(deadLetter.getReceivedCounter()).isGreaterThan(cases / 10);
        assertThat(live.getReceivedCounter()).isEqualTo(cases / 30);
    }

    private void send(String... bodies) {
        List<EventMessage> batch = new ArrayList<>();
        for (String body : bodies) {
            batch.add(new EventMessage("ID:" + UUID.randomUUID(), body, 1, System.currentTimeMillis()));
        }
        producer.sendBody(EventBatchConsumer.ROUTE, batch);
    }
}
