package ru.osago.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import ru.osago.model.EventType;
import ru.osago.model.InsurerRef;
import ru.osago.model.Offer;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;
import ru.osago.model.Summary;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Events as osago-aggregator publishes them, for one request with three insurers. */
public final class TestEvents {

    public static final InsurerRef ALFA = new InsurerRef("alfa", "АльфаСтрахование");
    public static final InsurerRef BEREZA = new InsurerRef("bereza", "Береза");
    public static final InsurerRef VOLGA = new InsurerRef("volga", "Волга");

    private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

    private TestEvents() {
    }

    public static QuoteEvent accepted(String requestId) {
        return QuoteEvent.accepted(requestId, 1, AT, List.of(ALFA, BEREZA, VOLGA), AT.plusSeconds(60));
    }

    public static QuoteEvent offer(String requestId, long seq, InsurerRef insurer, String premium) {
        return QuoteEvent.offer(requestId, seq, AT.plusSeconds(seq), insurer,
                new Offer("offer-" + insurer.id(), new BigDecimal(premium), "RUB", AT.plusSeconds(86_400)));
    }

    public static QuoteEvent declined(String requestId, long seq, InsurerRef insurer) {
        return QuoteEvent.insurerEnded(requestId, seq, AT.plusSeconds(seq), EventType.INSURER_DECLINED, insurer, "не страхуем");
    }

    public static QuoteEvent completed(String requestId, long seq) {
        return QuoteEvent.completed(requestId, seq, AT.plusSeconds(seq),
                new Summary(3, 2, 1, 0, 0, ALFA.id(), new BigDecimal("7000.00")));
    }

    public static String json(QuoteEvent event) {
        try {
            return OsagoJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
