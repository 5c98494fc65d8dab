package ru.osago.core.events;

import org.junit.jupiter.api.Test;
import ru.osago.model.QuoteEvent;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 generated, mutated and junk rs.queue bodies through {@link ReadEvent}, one event or a pack of them: each
 * event is one the store can insert (ids within their columns, no NUL, a premium numeric holds) or has a reason
 * for rs.dlq, and a body with no event at all is an UnreadableEventException with a reason; nothing else escapes.
 */
class ReadEventFuzzTest {

    private static final long SEED = 1313L;
    private static final int CASES = 10_000;

    @Test
    void everyEventIsStorableOrDeadLetteredWithAReason() {
        HostileEvents events = new HostileEvents(SEED);
        ReadEvent read = new ReadEvent();
        List<String> failures = new ArrayList<>();
        int stored = 0;
        int refused = 0;
        int packed = 0;
        for (int i = 0; i < CASES; i++) {
            try {
                List<ReadEvent.Item> items = read.toEvents(events.body());
                packed += items.size() > 1 ? 1 : 0;
                for (ReadEvent.Item item : items) {
                    QuoteEvent event = item.event();
                    if (event == null) {
                        refused++;
                        reason(i, item.unreadable(), failures);
                    } else if (event.eventId().length() > 200 || event.requestId().length() > 64 || event.type() == null) {
                        failures.add("case " + i + ": passed an event the store cannot take: " + event.eventId().length());
                    } else {
                        stored++;
                    }
                }
            } catch (ReadEvent.UnreadableEventException e) {
                refused++;
                reason(i, e.getMessage(), failures);
            } catch (Throwable e) {
                failures.add("case " + i + " (seed " + SEED + "): " + e.getClass().getName());
            }
        }

        assertThat(failures).isEmpty();
        assertThat(stored).isBetween(refused / 10, refused * 10);
        assertThat(packed).isGreaterThan(CASES / 10);
    }

    private static void reason(int i, String reason, List<String> failures) {
        if (reason == null || reason.isBlank() || reason.length() > 1_000) {
            failures.add("case " + i + ": reason of " + (reason == null ? 0 : reason.length()) + " characters");
        }
    }
}
