package ru.osago.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import ru.osago.model.FieldError;

import java.time.temporal.Temporal;
import java.util.List;

/** Turns Jackson's complaint about a request body into a field error ({@code drivers[0].birthDate}). */
final class JsonErrors {

    private JsonErrors() {
    }

    static FieldError toFieldError(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return new FieldError("", "is not valid JSON");
        }
        String field = path(mapping.getPath());
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (Temporal.class.isAssignableFrom(target)) {
                return new FieldError(field, "must be a date in the form YYYY-MM-DD");
            }
            if (Number.class.isAssignableFrom(target) || target == int.class || target == long.class) {
                return new FieldError(field, "must be a whole number");
            }
            if (target == boolean.class || target == Boolean.class) {
                return new FieldError(field, "must be true or false");
            }
            if (e instanceof InvalidFormatException) {
                return new FieldError(field, "has an invalid value");
            }
        }
        return new FieldError(field, "has the wrong type");
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
