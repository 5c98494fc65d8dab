package ru.osago.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import ru.osago.model.FieldError;
import ru.osago.model.OsagoJson;

import java.util.List;
import java.util.Map;

/** JSON answers of the REST routes; drops every other header so no internal one leaks into the response. */
final class HttpReplies {

    private static final ObjectMapper MAPPER = OsagoJson.mapper();

    private HttpReplies() {
    }

    static void json(Exchange exchange, int status, Object body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        try {
            message.setBody(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        message.setHeader("Cache-Control", "no-store");
    }

    static void errors(Exchange exchange, int status, List<FieldError> errors) {
        json(exchange, status, Map.of("errors", errors));
    }

    static void error(Exchange exchange, int status, String field, String message) {
        errors(exchange, status, List.of(new FieldError(field, message)));
    }

    /** Anything unexpected: 500 with a plain message, never a stack trace. */
    static void serverError(Exchange exchange) {
        exchange.setException(null);
        error(exchange, 500, "", "internal error, please try again later");
    }
}
