package ru.osago.core.events;

import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Which instance published a live-topic message. An instance hands the batches it stores to its own streams
 * itself ({@link EventIntakeRoute}), so its topic reader takes only the other instances' messages
 * ({@link EventBroadcastRoute}): its own would cost it a trip through the broker and a second read for nothing.
 * Each start is a new origin, so a restarted instance is never mistaken for the one before it.
 */
@Component
class LiveTopicOrigin {

    /** The JMS property on every live-topic message this version publishes. */
    static final String PROPERTY = "osagoOrigin";

    private final String id = UUID.randomUUID().toString();

    String id() {
        return id;
    }

    /** The topic reader's selector: the other instances' messages, and those of versions that do not mark theirs. */
    String othersSelector() {
        return PROPERTY + " IS NULL OR " + PROPERTY + " <> '" + id + "'";
    }
}
