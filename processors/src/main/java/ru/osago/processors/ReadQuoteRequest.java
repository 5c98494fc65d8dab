package ru.osago.processors;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import ru.osago.model.FieldError;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the JSON text of a {@code rq.queue} message into a {@link QuoteRequest}. Whatever the body (empty,
 * binary, invalid UTF-8, oversized, nested too deep, mistyped), the outcome is the request or an
 * {@link InvalidRequestException} naming the field: no other exception, and no {@link Error} such as a
 * {@link StackOverflowError}, leaves it. The request id is taken from the JSON if it can be read, else
 * from {@code JMSCorrelationID}.
 */
public class ReadQuoteRequest implements Processor {

    private final ObjectMapper json = OsagoJson.mapper();
    private final int maxBytes;

    public ReadQuoteRequest(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        String correlationId = exchange.getMessage().getHeader("JMSCorrelationID", String.class);
        QuoteRequest request;
        try {
            request = read(exchange, correlationId);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            // not the message's fault (it is at most maxBytes): roll back, the broker redelivers it
            throw e;
        } catch (Throwable e) {
            throw new InvalidRequestException(correlationId,
                    List.of(new FieldError("", "message could not be read (" + e.getClass().getSimpleName() + ")")));
        }
        exchange.getMessage().setBody(request);
    }

    private QuoteRequest read(Exchange exchange, String correlationId) {
        Object raw = exchange.getMessage().getBody();
        // a BytesMessage's length is known before it is decoded; a text of more chars has at least as many bytes
        if (raw instanceof byte[] bytes && bytes.length > maxBytes || raw instanceof String text && text.length() > maxBytes) {
            throw tooLarge(correlationId, raw instanceof byte[] bytes ? bytes.length : ((String) raw).length());
        }
        // bytes are parsed as they are, so invalid UTF-8 is refused as core-app refuses it, not read with U+FFFD
        byte[] body = raw instanceof byte[] bytes ? bytes : text(exchange);
        if (body != null && body.length > maxBytes) {
            throw tooLarge(correlationId, body.length);
        }
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidRequestException(correlationId, List.of(new FieldError("", "message body is empty")));
        }
        try {
            QuoteRequest request = json.readValue(body, QuoteRequest.class);
            if (request == null) {
                throw new InvalidRequestException(correlationId, List.of(new FieldError("", "message is JSON null")));
            }
            return request;
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException(correlationId,
                    List.of(new FieldError("", "message is nested too deep or has a value too long")));
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(requestIdOf(body, correlationId),
                    List.of(new FieldError(path(e), "has a value of the wrong type or format")));
        } catch (IOException e) {
            throw new InvalidRequestException(correlationId, List.of(new FieldError("", "message is not valid JSON")));
        }
    }

    private static byte[] text(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private InvalidRequestException tooLarge(String correlationId, int size) {
        return new InvalidRequestException(correlationId,
                List.of(new FieldError("", "message is " + size + " bytes, more than the " + maxBytes + " allowed")));
    }

    private String requestIdOf(byte[] body, String fallback) {
        try {
            JsonNode id = json.readTree(body).path("requestId");
            return id.isTextual() ? id.asText() : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    /** The field's path ({@code drivers[0].birthDate}); at most the first 8 steps, so a reason stays short. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        List<JsonMappingException.Reference> references = e.getPath();
        for (JsonMappingException.Reference ref : references.subList(0, Math.min(8, references.size()))) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName().length() > 64 ? ref.getFieldName().substring(0, 64) + "…" : ref.getFieldName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
