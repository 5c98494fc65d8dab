package ru.osago.processors;

import ru.osago.model.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request that can never be processed: the aggregator publishes REJECTED (when it can tell whose
 * request it was) and moves the message to the dead-letter queue with {@link #reason()}.
 */
public class InvalidRequestException extends RuntimeException {

    private final String requestId;
    private final List<FieldError> errors;

    public InvalidRequestException(String requestId, List<FieldError> errors) {
        super(describe(errors));
        this.requestId = requestId;
        this.errors = List.copyOf(errors);
    }

    /** Null when not even a request id could be read. */
    public String requestId() {
        return requestId;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public String reason() {
        return getMessage();
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream()
                .map(e -> e.field().isEmpty() ? e.message() : e.field() + " " + e.message())
                .collect(Collectors.joining("; "));
    }
}
