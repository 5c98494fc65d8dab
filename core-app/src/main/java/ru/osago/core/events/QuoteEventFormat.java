package ru.osago.core.events;

import org.apache.camel.component.jackson.JacksonDataFormat;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

/** {@link QuoteEvent} JSON as the contracts define it (ISO dates, tolerant of added fields). */
final class QuoteEventFormat {

    private QuoteEventFormat() {
    }

    static JacksonDataFormat create() {
        return new JacksonDataFormat(OsagoJson.mapper(), QuoteEvent.class);
    }
}
