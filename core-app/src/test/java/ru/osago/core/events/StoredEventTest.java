package ru.osago.core.events;

import org.junit.jupiter.api.Test;
import ru.osago.core.TestEvents;
import ru.osago.model.EventType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEventTest {

    private static final String ID = "req-stored";

    @Test
    void everyKindOfEventReadsBackAsItWasStored() {
        List<StoredEvent> stored = List.of(
                StoredEvent.of(TestEvents.accepted(ID)),
                StoredEvent.of(TestEvents.offer(ID, 2, TestEvents.ALFA, "7000.50")),
                StoredEvent.of(TestEvents.declined(ID, 3, TestEvents.VOLGA)),
                StoredEvent.of(TestEvents.completed(ID, 4)));

        assertThat(stored.stream().map(e -> StoredEvent.read(e.json())).toList()).isEqualTo(stored);
        assertThat(stored.getLast().isTerminal()).isTrue();
        assertThat(stored.getFirst().isTerminal()).isFalse();
    }

    @Test
    void fieldsOfNestedObjectsAreNotTakenForTheEventsOwn() {
        String json = """
                {"summary":{"seq":9,"eventId":"inner","type":"OFFER","x":[{"seq":8}]},"type":"COMPLETED",
                 "insurers":[{"requestId":"other"}],"seq":3,"requestId":"r-1","eventId":"r-1/COMPLETED"}""";

        StoredEvent read = StoredEvent.read(json);

        assertThat(read).isEqualTo(new StoredEvent("r-1/COMPLETED", "r-1", 3, EventType.COMPLETED, json));
    }
}
