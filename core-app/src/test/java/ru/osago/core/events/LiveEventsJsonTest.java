package ru.osago.core.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import ru.osago.core.TestEvents;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveEventsJsonTest {

    private static final String ID = "req-live";

    @Test
    void eachEventIsReadBackWithExactlyTheTextThatWasStoredForIt() {
        List<LiveEvent> batch = List.of(
                new LiveEvent(StoredEvent.of(TestEvents.accepted(ID)), 1_700_000_000_001L),
                new LiveEvent(StoredEvent.of(TestEvents.offer(ID, 2, TestEvents.ALFA, "7000.50")), 1_700_000_000_002L),
                new LiveEvent(StoredEvent.of(TestEvents.completed(ID, 3)), 0));

        List<LiveEvent> read = LiveEventsJson.read(LiveEventsJson.write(batch), id -> true);

        assertThat(read).isEqualTo(batch);
        // the insurer's Cyrillic name comes through as text, not as the writer's escapes
        assertThat(read.get(1).stored().json()).contains(TestEvents.ALFA.name());
    }

    @Test
    void whatItWritesIsTheFormatEarlierInstancesMapToPlainObjects() throws Exception {
        QuoteEvent offer = TestEvents.offer(ID, 2, TestEvents.BEREZA, "8100.00");

        String message = LiveEventsJson.write(List.of(new LiveEvent(StoredEvent.of(offer), 42)));

        List<EarlierLiveEvent> earlier = OsagoJson.mapper().readValue(message, new TypeReference<>() {
        });
        assertThat(earlier).containsExactly(new EarlierLiveEvent(offer, 42));
    }

    @Test
    void aMessageFromAnEarlierInstanceIsReadWithEachEventsOwnText() throws Exception {
        QuoteEvent declined = TestEvents.declined(ID, 3, TestEvents.VOLGA);
        ObjectMapper earlier = OsagoJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        String message = earlier.writeValueAsString(List.of(Map.of("event", declined, "arrivedAtMs", 7, "extra", List.of(1))));

        // no requestId beside the event: it is read, whichever requests the reader wants
        List<LiveEvent> read = LiveEventsJson.read(message, id -> false);

        assertThat(read).hasSize(1);
        assertThat(read.getFirst().stored()).usingRecursiveComparison().ignoringFields("json")
                .isEqualTo(StoredEvent.of(declined));
        assertThat(read.getFirst().arrivedAtMs()).isEqualTo(7);
        String text = read.getFirst().stored().json();
        assertThat(text).startsWith("{").endsWith("}");
        assertThat(OsagoJson.mapper().readValue(text, QuoteEvent.class)).isEqualTo(declined);
    }

    @Test
    void onlyTheEventsOfWantedRequestsAreReadTheOthersAreSkipped() {
        LiveEvent mine = new LiveEvent(StoredEvent.of(TestEvents.offer(ID, 2, TestEvents.ALFA, "7000.00")), 5);
        LiveEvent other = new LiveEvent(StoredEvent.of(TestEvents.offer("req-elsewhere", 2, TestEvents.ALFA, "7000.00")), 6);
        LiveEvent mineToo = new LiveEvent(StoredEvent.of(TestEvents.completed(ID, 3)), 7);

        List<LiveEvent> read = LiveEventsJson.read(LiveEventsJson.write(List.of(mine, other, mineToo)), ID::equals);

        assertThat(read).containsExactly(mine, mineToo);
    }

    @Test
    void aMessageThatIsNotALiveEventsArrayIsRefusedWithAClearError() {
        assertThatThrownBy(() -> LiveEventsJson.read("{\"event\":{}}", id -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("START_ARRAY");
        assertThatThrownBy(() -> LiveEventsJson.read("[{\"arrivedAtMs\":1}]", id -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its event");
        assertThatThrownBy(() -> LiveEventsJson.read("[{\"event\":{\"eventId\":\"x\"}", id -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The topic's element as instances before the stored-text pass-through mapped it. */
    record EarlierLiveEvent(QuoteEvent event, long arrivedAtMs) {
    }
}
