package ru.osago.stubs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ru.osago.model.OsagoJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Lenient writing, strict reading: a stub must reject what a real insurer would, so mapping bugs show. */
final class StubJson {

    static final ObjectMapper WRITER = OsagoJson.mapper();

    /** Unknown fields, "106" for a number and trailing garbage are all errors here. */
    static final ObjectMapper STRICT_READER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StubJson() {
    }

    static byte[] write(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses or throws {@link BadRequest} with Jackson's short message (field and problem). */
    static <T> T readStrict(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new BadRequest("request body is required");
        }
        try {
            return STRICT_READER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequest("invalid request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request the stub refuses with 400 and {@code {"error": message}}. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
