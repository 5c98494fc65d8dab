package ru.osago.core.events;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of rs.queue messages ({@code List<EventMessage>}) as the events to store ({@code List<LiveEvent>}, in
 * the order received) and, in property {@link #DEAD_LETTERS}, the messages no delivery will ever store, each with
 * its reason. One unreadable message never fails the batch.
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
            try {
                events.add(new LiveEvent(StoredEvent.of(read.toEvent(message.body())), message.arrivedAtMs()));
            } catch (ReadEvent.UnreadableEventException e) {
                deadLetters.add(new DeadLetter(message.messageId(), message.body(), e.getMessage()));
            }
        }
        exchange.setProperty(DEAD_LETTERS, deadLetters);
        exchange.getMessage().setBody(events);
    }
}
