package ru.osago.processors;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import ru.osago.model.FieldError;
import ru.osago.model.QuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Checks the request field by field and replaces it with its normalised form; invalid ones throw
 * {@link InvalidRequestException}, and so does anything else the check throws (an {@link Error} included).
 * <p>
 * Dates are judged as of the instant core-app validated the request (header {@link #VALIDATED_AT}, epoch
 * milliseconds), else as of when it was sent ({@code JMSTimestamp}), else now: core-app and the aggregator
 * then give the same verdict on a request that waited in the queue across midnight. An instant in the
 * future (another machine's clock) counts as now.
 */
public class ValidateQuoteRequest implements Processor {

    /** When core-app validated the request, epoch milliseconds. */
    public static final String VALIDATED_AT = "OsagoValidatedAt";

    private final QuoteRequestValidator validator;
    private final Clock clock;

    public ValidateQuoteRequest(QuoteRequestValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        QuoteRequest request = message.getBody(QuoteRequest.class);
        if (request == null) {
            throw new InvalidRequestException(message.getHeader("JMSCorrelationID", String.class),
                    List.of(new FieldError("", "request body is required")));
        }
        QuoteRequestValidator.Result result;
        try {
            result = validator.validate(request, validatedAt(message));
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw new InvalidRequestException(request.requestId(),
                    List.of(new FieldError("", "request could not be checked (" + e.getClass().getSimpleName() + ")")));
        }
        if (!result.valid()) {
            throw new InvalidRequestException(request.requestId(), result.errors());
        }
        message.setBody(result.request());
    }

    private Instant validatedAt(Message message) {
        Instant now = clock.instant();
        Long at = millis(message.getHeader(VALIDATED_AT));
        if (at == null) {
            at = millis(message.getHeader("JMSTimestamp"));
        }
        if (at == null || at <= 0 || at > now.toEpochMilli()) {
            return now;
        }
        return Instant.ofEpochMilli(at);
    }

    private static Long millis(Object header) {
        if (header instanceof Number number) {
            return number.longValue();
        }
        if (header instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
