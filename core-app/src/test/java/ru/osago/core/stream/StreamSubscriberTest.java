package ru.osago.core.stream;

import org.junit.jupiter.api.Test;
import ru.osago.core.TestEvents;
import ru.osago.core.events.StoredEvent;
import ru.osago.model.InsurerRef;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.core.TestEvents.ALFA;
import static ru.osago.core.TestEvents.BEREZA;
import static ru.osago.core.TestEvents.VOLGA;

class StreamSubscriberTest {

    private static final String ID = "req-1";

    private final List<String> sent = new ArrayList<>();
    private final List<StreamSubscriber> held = new ArrayList<>();
    private boolean sinkClosed;
    private boolean removedFromHub;

    private final StreamSink sink = new StreamSink() {
        @Override
        public void send(StoredEvent event) {
            sent.add(event.eventId());
        }

        @Override
        public void close() {
            sinkClosed = true;
        }
    };

    private StreamSubscriber subscriber(long alreadySeenSeq) {
        return new StreamSubscriber(ID, sink, alreadySeenSeq, held::add, s -> removedFromHub = true, arrivedAtMs -> { });
    }

    @Test
    void liveEventsArrivingDuringTheReplayAreSentAfterItInSeqOrderAndOnlyOnce() {
        StreamSubscriber s = subscriber(0);
        s.live(offer(ID, 3, BEREZA, "8000"), 0);
        s.live(offer(ID, 2, ALFA, "7000"), 0);

        s.replay(List.of(accepted(ID), offer(ID, 2, ALFA, "7000")));
        s.live(offer(ID, 2, ALFA, "7000"), 0);

        assertThat(sent).containsExactly(ID + "/ACCEPTED", ID + "/OFFER/alfa", ID + "/OFFER/bereza");
        assertThat(sinkClosed).isFalse();
    }

    @Test
    void terminalEventIsHeldBackUntilTheEarlierSeqArrivesThenTheStreamCloses() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID), offer(ID, 2, ALFA, "7000")));

        s.live(completed(ID, 4), 0);
        assertThat(sent).doesNotContain(ID + "/COMPLETED");
        assertThat(held).containsExactly(s);

        s.live(declined(ID, 3, BEREZA), 0);
        assertThat(sent).endsWith(ID + "/INSURER_DECLINED/bereza", ID + "/COMPLETED");
        assertThat(sinkClosed).isTrue();
        assertThat(removedFromHub).isTrue();
    }

    @Test
    void heldTerminalIsCompleteOnlyOnceTheStoreHoldsEveryEarlierSeq() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID)));
        s.live(completed(ID, 3), 0);

        assertThat(s.completeWith(List.of(accepted(ID), completed(ID, 3)))).isFalse();
        assertThat(s.completeWith(List.of(accepted(ID), offer(ID, 2, VOLGA, "9000"), completed(ID, 3)))).isTrue();
        assertThat(sent).containsExactly(ID + "/ACCEPTED");
        assertThat(sinkClosed).isFalse();
    }

    @Test
    void afterTheGracePeriodTheStoredMissingEventsAndThenTheTerminalOneAreSent() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID)));
        s.live(completed(ID, 3), 0);

        s.finish(List.of(accepted(ID), offer(ID, 2, VOLGA, "9000"), completed(ID, 3)));

        assertThat(sent).containsExactly(ID + "/ACCEPTED", ID + "/OFFER/volga", ID + "/COMPLETED");
        assertThat(sinkClosed).isTrue();
    }

    @Test
    void replayOfAFinishedRequestSendsEverythingAndCloses() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID), offer(ID, 2, ALFA, "7000"), declined(ID, 3, BEREZA), completed(ID, 4)));

        assertThat(sent).hasSize(4).last().isEqualTo(ID + "/COMPLETED");
        assertThat(sinkClosed).isTrue();
        s.live(offer(ID, 2, ALFA, "7000"), 0);
        assertThat(sent).hasSize(4);
    }

    @Test
    void eventsUpToTheLastSeenSeqAreNotSentAgainOnReconnect() {
        StreamSubscriber s = subscriber(2);
        s.replay(List.of(accepted(ID), offer(ID, 2, ALFA, "7000"), declined(ID, 3, BEREZA), completed(ID, 4)));

        assertThat(sent).containsExactly(ID + "/INSURER_DECLINED/bereza", ID + "/COMPLETED");
    }

    @Test
    void onlyLiveEventsAreTimedEachOnceWhenSentAndAHeldTerminalWhenItFinallyGoes() {
        List<Long> pushed = new ArrayList<>();
        StreamSubscriber s = new StreamSubscriber(ID, sink, 0, held::add, x -> removedFromHub = true, pushed::add);
        s.live(offer(ID, 2, ALFA, "7000"), 1_000);
        s.replay(List.of(accepted(ID), offer(ID, 2, ALFA, "7000")));
        s.live(offer(ID, 2, ALFA, "7000"), 1_500);
        s.live(completed(ID, 4), 3_000);
        assertThat(pushed).containsExactly(1_000L);

        s.live(declined(ID, 3, BEREZA), 2_000);

        assertThat(pushed).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(sent).endsWith(ID + "/COMPLETED");
    }

    @Test
    void aBrokenSinkEndsTheStream() {
        StreamSubscriber s = new StreamSubscriber(ID, new StreamSink() {
            @Override
            public void send(StoredEvent event) throws java.io.IOException {
                throw new java.io.IOException("gone");
            }

            @Override
            public void close() {
                sinkClosed = true;
            }
        }, 0, held::add, x -> removedFromHub = true, arrivedAtMs -> { });

        s.replay(List.of(accepted(ID)));

        assertThat(s.isClosed()).isTrue();
        assertThat(removedFromHub).isTrue();
    }

    @Test
    void aStreamWaitingForItsFinalEventIsDueAReReadEveryGapFromItsFirstSweepAndNoMoreOnceItHasIt() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID)));

        assertThat(s.recheckDue(1_000, 100)).as("the first sweep only sets the schedule").isFalse();
        assertThat(s.recheckDue(1_099, 100)).isFalse();
        assertThat(s.recheckDue(1_100, 100)).isTrue();
        assertThat(s.recheckDue(1_150, 100)).isFalse();
        assertThat(s.recheckDue(1_200, 100)).isTrue();

        s.live(completed(ID, 2), 0);
        assertThat(s.recheckDue(5_000, 100)).isFalse();
    }

    @Test
    void aCatchUpSendsWhatTheTopicLostInSeqOrderThenTheFinalEventAndCloses() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID)));
        s.live(offer(ID, 2, ALFA, "7000"), 0);

        boolean missed = s.catchUp(List.of(completed(ID, 4), accepted(ID), declined(ID, 3, BEREZA), offer(ID, 2, ALFA, "7000")));

        assertThat(missed).isTrue();
        assertThat(sent).containsExactly(ID + "/ACCEPTED", ID + "/OFFER/alfa", ID + "/INSURER_DECLINED/bereza", ID + "/COMPLETED");
        assertThat(sinkClosed).isTrue();
        assertThat(removedFromHub).isTrue();
        assertThat(s.catchUp(List.of(accepted(ID), completed(ID, 4)))).as("nothing left to send").isFalse();
    }

    @Test
    void aCatchUpThatStillLeavesAGapHoldsTheFinalEventBackForTheGracePeriod() {
        StreamSubscriber s = subscriber(0);
        s.replay(List.of(accepted(ID)));

        s.catchUp(List.of(accepted(ID), offer(ID, 2, ALFA, "7000"), completed(ID, 4)));

        assertThat(sent).containsExactly(ID + "/ACCEPTED", ID + "/OFFER/alfa");
        assertThat(held).containsExactly(s);
        assertThat(s.recheckDue(Long.MAX_VALUE / 2, 100)).as("the grace period takes over").isFalse();
    }

    private static StoredEvent accepted(String requestId) {
        return StoredEvent.of(TestEvents.accepted(requestId));
    }

    private static StoredEvent offer(String requestId, long seq, InsurerRef insurer, String premium) {
        return StoredEvent.of(TestEvents.offer(requestId, seq, insurer, premium));
    }

    private static StoredEvent declined(String requestId, long seq, InsurerRef insurer) {
        return StoredEvent.of(TestEvents.declined(requestId, seq, insurer));
    }

    private static StoredEvent completed(String requestId, long seq) {
        return StoredEvent.of(TestEvents.completed(requestId, seq));
    }
}
