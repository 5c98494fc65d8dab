package ru.osago.core.events;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of rs.queue messages ({@code List<EventMessage>}) as the events to store ({@code List<LiveEvent>}, in
 * the order received) and, in property {@link #DEAD_LETTERS}, what no delivery will ever store, each with its
 * reason: a whole message, or one event of a message that packs several (its id is the message's, with
 * {@code #} and its place in the message). One unreadable message or event never fails the batch.
 */
final class ReadEventBatch implements Processor {

    static final String DEAD_LETTERS = "osagoDeadLetters";

    /** An unreadable message's original body and why it cannot be stored. */
    record DeadLetter(String messageId, Object body, String reason) {
    }

    private final ReadEvent read = new ReadEvent();

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<EventMessage> messages = exchange.getMessage().getBody(List.class);
        List<LiveEvent> events = new ArrayList<>(messages.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (EventMessage message : messages) {
            List<ReadEvent.Item> items;
            try {
                items = read.toEvents(message.body());
            } catch (ReadEvent.UnreadableEventException e) {
                deadLetters.add(new DeadLetter(message.messageId(), message.body(), e.getMessage()));
                continue;
            }
            for (int i = 0; i < items.size(); i++) {
                ReadEvent.Item item = items.get(i);
                if (item.event() != null) {
                    events.add(new LiveEvent(StoredEvent.of(item.event()), message.arrivedAtMs()));
                } else {
                    deadLetters.add(new DeadLetter(message.messageId() + "#" + i, item.json(), item.unreadable()));
                }
            }
        }
        exchange.setProperty(DEAD_LETTERS, deadLetters);
        exchange.getMessage().setBody(events);
    }
}
