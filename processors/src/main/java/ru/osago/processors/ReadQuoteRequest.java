package ru.osago.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import ru.osago.model.FieldError;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the JSON text of a {@code rq.queue} message into a {@link QuoteRequest}. Oversized, non-JSON
 * or mistyped messages become an {@link InvalidRequestException} naming the field; the request id is
 * taken from the JSON if it can be read, else from {@code JMSCorrelationID}.
 */
public class ReadQuoteRequest implements Processor {

    private final ObjectMapper json = OsagoJson.mapper();
    private final int maxBytes;

    public ReadQuoteRequest(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        String correlationId = exchange.getMessage().getHeader("JMSCorrelationID", String.class);
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException(correlationId, List.of(new FieldError("", "message body is empty")));
        }
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new InvalidRequestException(correlationId,
                    List.of(new FieldError("", "message is " + size + " bytes, more than the " + maxBytes + " allowed")));
        }
        try {
            exchange.getMessage().setBody(json.readValue(body, QuoteRequest.class));
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(requestIdOf(body, correlationId),
                    List.of(new FieldError(path(e), "has a value of the wrong type or format")));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(correlationId, List.of(new FieldError("", "message is not valid JSON")));
        }
    }

    private String requestIdOf(String body, String fallback) {
        try {
            JsonNode id = json.readTree(body).path("requestId");
            return id.isTextual() ? id.asText() : fallback;
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
