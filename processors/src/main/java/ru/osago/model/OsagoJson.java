package ru.osago.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings every part uses for the contracts: ISO-8601 dates, tolerant of added fields, and bounded
 * reading: input deeper, longer or with longer numbers than any contract needs is refused by the parser
 * (a {@code StreamConstraintsException}, a {@code JsonProcessingException}) before it can cost a deep stack
 * or a large allocation.
 */
public final class OsagoJson {

    /** Our messages nest 4 levels; an insurer's answer a few more. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Characters in one string value (an insurer's answer is cut to 16 KiB for the audit anyway). */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Digits in one number: a premium, a year. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Bytes or characters of one document. */
    public static final long MAX_DOCUMENT_LENGTH = 4_000_000;

    private OsagoJson() {
    }

    public static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                        .build())
                .build();
        return new ObjectMapper(factory)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
