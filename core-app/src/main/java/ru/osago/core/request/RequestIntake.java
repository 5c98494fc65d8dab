package ru.osago.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.stereotype.Component;
import ru.osago.core.limit.UserRateLimiter;
import ru.osago.model.QuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Reads a browser's quote request: the user's rate limit (429), the JSON (400 on unreadable input, with the
 * field Jackson stumbled on), a new requestId, the user from {@code X-User-Id} ({@code guest} by default,
 * rate-limited per client address),
 * and the shared validator (400 with field errors). On success the body is the normalised request and the
 * {@link #ACCEPTED} property is set; otherwise the HTTP answer is already in the message.
 */
@Component
class RequestIntake implements Processor {

    static final String ACCEPTED = "osagoAccepted";
    static final String REQUEST_ID = "osagoRequestId";
    static final String USER_ID = "osagoUserId";
    static final String USER_HEADER = "X-User-Id";
    static final String DEFAULT_USER = "guest";

    private final ObjectMapper mapper;
    private final QuoteRequestValidator validator;
    private final UserRateLimiter rateLimiter;

    RequestIntake(ObjectMapper mapper, QuoteRequestValidator validator, UserRateLimiter rateLimiter) {
        this.mapper = mapper;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void process(Exchange exchange) {
        String userId = userId(exchange.getMessage().getHeader(USER_HEADER, String.class));
        OptionalLong retryAfter = rateLimiter.tryAcquire(rateLimitKey(exchange, userId));
        if (retryAfter.isPresent()) {
            HttpReplies.error(exchange, 429, "", "too many requests; try again in " + retryAfter.getAsLong() + " s");
            exchange.getMessage().setHeader("Retry-After", retryAfter.getAsLong());
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            HttpReplies.error(exchange, 400, "", "request body is required");
            return;
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException e) {
            HttpReplies.error(exchange, 400, "", "is not valid JSON");
            return;
        }
        if (tree == null || !tree.isObject()) {
            HttpReplies.error(exchange, 400, "", "must be a JSON object");
            return;
        }
        QuoteRequest parsed;
        try {
            parsed = mapper.treeToValue(tree, QuoteRequest.class);
        } catch (JsonProcessingException e) {
            HttpReplies.errors(exchange, 400, List.of(JsonErrors.toFieldError(e)));
            return;
        }
        if (parsed == null) {
            HttpReplies.error(exchange, 400, "", "request body is required");
            return;
        }
        QuoteRequest withIds = new QuoteRequest(UUID.randomUUID().toString(), userId, parsed.vehicle(),
                parsed.owner(), parsed.unlimitedDrivers(), parsed.drivers(), parsed.policyStart());
        QuoteRequestValidator.Result result = validator.validate(withIds);
        if (!result.valid()) {
            HttpReplies.errors(exchange, 400, result.errors());
            return;
        }
        exchange.setProperty(ACCEPTED, true);
        exchange.setProperty(REQUEST_ID, withIds.requestId());
        exchange.setProperty(USER_ID, userId);
        exchange.getMessage().setBody(result.request());
    }

    /**
     * A named user has a budget of their own; anonymous users (the page sends no X-User-Id) one per
     * client address, not one for all of them. Behind a proxy the address is the client's only with
     * {@code server.forward-headers-strategy: native}, which trusts X-Forwarded-For from internal proxies.
     */
    private static String rateLimitKey(Exchange exchange, String userId) {
        if (!DEFAULT_USER.equals(userId)) {
            return userId;
        }
        Message in = exchange.getIn();
        HttpServletRequest request = in instanceof PlatformHttpMessage platform ? platform.getRequest()
                : in instanceof HttpMessage http ? http.getRequest() : null;
        return DEFAULT_USER + "@" + (request == null ? "unknown" : request.getRemoteAddr());
    }

    private static String userId(String header) {
        return header == null || header.isBlank() ? DEFAULT_USER : header.trim();
    }
}
