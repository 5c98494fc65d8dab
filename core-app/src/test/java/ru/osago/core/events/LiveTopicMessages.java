package ru.osago.core.events;

import ru.osago.model.QuoteEvent;

import java.util.List;

/** A live-topic message as another core-app instance publishes it, for tests outside this package. */
public final class LiveTopicMessages {

    private LiveTopicMessages() {
    }

    /** One event, in the batch format every instance writes and reads ({@link LiveEventsJson}). */
    public static String batchOf(QuoteEvent event) {
        return LiveEventsJson.write(List.of(new LiveEvent(StoredEvent.of(event), System.currentTimeMillis())));
    }
}
