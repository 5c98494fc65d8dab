package ru.osago.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import ru.osago.core.client.UserId;
import ru.osago.core.limit.UserRateLimiter;
import ru.osago.model.FieldError;
import ru.osago.model.QuoteRequest;
import ru.osago.processors.ValidateQuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Reads a browser's quote request: the user's rate limit (429), the body's size ({@code osago.core.max-request-bytes},
 * the aggregator's own limit), the JSON (400 on unreadable input, with the field Jackson stumbled on), a new requestId, the user from {@code X-User-Id} ({@code guest} by default,
 * rate-limited per client address),
 * and the shared validator (400 with field errors). On success the body is the normalised request and the
 * {@link #ACCEPTED} property is set; otherwise the HTTP answer is already in the message.
 */
@Component
class RequestIntake implements Processor {

    static final String ACCEPTED = "osagoAccepted";
    static final String REQUEST_ID = "osagoRequestId";
    static final String USER_ID = "osagoUserId";
    /** When the request was validated (epoch ms): sent as {@link ValidateQuoteRequest#VALIDATED_AT}. */
    static final String VALIDATED_AT = "osagoValidatedAt";

    private final ObjectMapper mapper;
    private final QuoteRequestValidator validator;
    private final UserRateLimiter rateLimiter;
    private final Clock clock;
    private final int maxBodyBytes;

    RequestIntake(ObjectMapper mapper, QuoteRequestValidator validator, UserRateLimiter rateLimiter, Clock clock,
                  @Value("${osago.core.max-request-bytes}") int maxBodyBytes) {
        this.mapper = mapper;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) {
        String userId = UserId.of(exchange.getMessage().getHeader(UserId.HEADER, String.class));
        OptionalLong retryAfter = rateLimiter.tryAcquire(rateLimitKey(exchange, userId));
        if (retryAfter.isPresent()) {
            HttpReplies.error(exchange, 429, "", "too many requests; try again in " + retryAfter.getAsLong() + " s");
            exchange.getMessage().setHeader("Retry-After", retryAfter.getAsLong());
            return;
        }
        Verdict verdict;
        try {
            verdict = check(exchange.getMessage().getBody(byte[].class), userId, clock.instant());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            // whatever the input made the reading or the check throw (a StackOverflowError included) is the
            // input's fault: a 400, never a 500 or an Error loose in the web server
            verdict = Verdict.refused(List.of(new FieldError("", "could not be read (" + e.getClass().getSimpleName() + ")")));
        }
        if (!verdict.accepted()) {
            HttpReplies.errors(exchange, 400, verdict.errors());
            return;
        }
        exchange.setProperty(ACCEPTED, true);
        exchange.setProperty(REQUEST_ID, verdict.request().requestId());
        exchange.setProperty(USER_ID, userId);
        exchange.setProperty(VALIDATED_AT, verdict.validatedAt().toEpochMilli());
        exchange.getMessage().setBody(verdict.request());
    }

    /** core-app's verdict on a request body: the normalised request to send, or the field errors of a 400. */
    record Verdict(QuoteRequest request, List<FieldError> errors, Instant validatedAt) {
        static Verdict refused(List<FieldError> errors) {
            return new Verdict(null, errors, null);
        }

        boolean accepted() {
            return errors.isEmpty();
        }
    }

    /**
     * The body read and checked as of {@code now}, with a new requestId and {@code userId}: what the aggregator
     * accepts, and nothing it would refuse (the same validator, the same limits, the same JSON settings).
     */
    Verdict check(byte[] body, String userId, Instant now) {
        if (body == null || body.length == 0) {
            return Verdict.refused(List.of(new FieldError("", "request body is required")));
        }
        if (body.length > maxBodyBytes) {
            return Verdict.refused(List.of(new FieldError("", "is " + body.length + " bytes, more than the " + maxBodyBytes + " allowed")));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            return Verdict.refused(List.of(new FieldError("", "is nested too deep or has a value too long")));
        } catch (IOException e) {
            return Verdict.refused(List.of(new FieldError("", "is not valid JSON")));
        }
        if (tree == null || !tree.isObject()) {
            return Verdict.refused(List.of(new FieldError("", "must be a JSON object")));
        }
        // core-app gives the ids: whatever the body says of them is not read
        ((ObjectNode) tree).remove(List.of("requestId", "userId"));
        QuoteRequest parsed;
        try {
            parsed = mapper.treeToValue(tree, QuoteRequest.class);
        } catch (JsonProcessingException e) {
            return Verdict.refused(List.of(JsonErrors.toFieldError(e)));
        }
        if (parsed == null) {
            return Verdict.refused(List.of(new FieldError("", "request body is required")));
        }
        QuoteRequest withIds = new QuoteRequest(UUID.randomUUID().toString(), userId, parsed.vehicle(),
                parsed.owner(), parsed.unlimitedDrivers(), parsed.drivers(), parsed.policyStart());
        QuoteRequestValidator.Result result = validator.validate(withIds, now);
        return result.valid() ? new Verdict(result.request(), List.of(), now) : Verdict.refused(result.errors());
    }

    /**
     * A named user has a budget of their own; anonymous users (the page sends no X-User-Id) one per
     * client address, not one for all of them. Behind a proxy the address is the client's only with
     * {@code server.forward-headers-strategy: native}, which trusts X-Forwarded-For from internal proxies.
     */
    private static String rateLimitKey(Exchange exchange, String userId) {
        if (!UserId.GUEST.equals(userId)) {
            return userId;
        }
        Message in = exchange.getIn();
        HttpServletRequest request = in instanceof PlatformHttpMessage platform ? platform.getRequest()
                : in instanceof HttpMessage http ? http.getRequest() : null;
        return UserId.GUEST + "@" + (request == null ? "unknown" : request.getRemoteAddr());
    }
}
