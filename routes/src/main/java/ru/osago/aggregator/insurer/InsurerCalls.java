package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.springframework.stereotype.Component;
import ru.osago.model.OsagoJson;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The steps of the per-insurer YAML route ({@code route-config-yaml/routes/insurer-call.camel.yaml}):
 * build the insurer's HTTP request in its dialect, read its answer, and turn a failed or refused
 * call into a reply. Bean name {@code insurerCalls}.
 */
@Component("insurerCalls")
public class InsurerCalls {

    private final InsurerCatalog catalog;
    private final Clock clock;
    private final Map<String, DialectMapper> mappers = new ConcurrentHashMap<>();
    private final ObjectMapper json = OsagoJson.mapper();

    InsurerCalls(InsurerCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Replaces headers and body with exactly the HTTP request this insurer expects. */
    public void prepare(Exchange exchange, String insurerId) throws JsonProcessingException {
        InsurerCall call = exchange.getProperty(InsurerCall.PROPERTY, InsurerCall.class);
        InsurerSettings settings = catalog.settings(insurerId);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("Accept", "application/json");
        if (settings.auth() != null) {
            message.setHeader(settings.auth().header(), System.getenv(settings.auth().valueFromEnv()));
        }
        // the method as Camel's enum and the wire log from locals: the String forms went through Camel's
        // fallback type conversion on every call, a tenth of the aggregator's CPU (bench/, JFR)
        HttpMethods method;
        String path;
        String body;
        if (call.operation() == InsurerCall.Operation.CREATE) {
            method = HttpMethods.POST;
            path = settings.api().createPath();
            body = json.writeValueAsString(mapper(insurerId).createBody(json.readTree(call.applicationJson())));
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setHeader("Idempotency-Key", call.idempotencyKey());
        } else {
            method = HttpMethods.GET;
            path = mapper(insurerId).offerPath(call.externalId());
            body = null;
        }
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setBody(body);
        exchange.setProperty(WireLog.PROPERTY, new WireLog(method.name(), path, body, clock.instant()));
    }

    /**
     * Reads the insurer's answer. 5xx, 429 and unreadable bodies throw, so the circuit breaker counts
     * them and the fallback turns them into a retry; other 4xx mean our request can never succeed.
     */
    public InsurerReply read(Exchange exchange, String insurerId) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = message.getBody(String.class);
        WireLog wire = exchange.getProperty(WireLog.PROPERTY, WireLog.class);
        if (wire != null) {
            wire.received(status, text);
        }
        Duration retryAfter = retryAfter(message.getHeader("Retry-After", String.class));
        if (status == 429 || status >= 500) {
            throw new InsurerHttpException(status, retryAfter);
        }
        InsurerCall call = exchange.getProperty(InsurerCall.PROPERTY, InsurerCall.class);
        if (status >= 400) {
            return InsurerReply.failed("the insurer refused our " + call.operation().name().toLowerCase() + " request: HTTP " + status);
        }
        JsonNode body = parse(text);
        return call.operation() == InsurerCall.Operation.CREATE
                ? InsurerReply.created(mapper(insurerId).externalId(body))
                : mapper(insurerId).offerReply(body, retryAfter);
    }

    /**
     * The circuit breaker's fallback: an open breaker fails fast; anything else is retried. With an
     * onFallback, Camel passes on only the exception the call itself left on the exchange (and sets
     * neither the rejected nor the timed-out flag): a call the breaker refused, or one its time limiter
     * cut off, leaves none. The breaker's state tells the two apart.
     */
    public InsurerReply fallback(Exchange exchange, String insurerId) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof CallNotPermittedException
                || Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_REJECTED, Boolean.class))
                || cause == null && refusedByBreaker(exchange)) {
            return InsurerReply.unavailable();
        }
        if (cause instanceof InsurerHttpException http) {
            return InsurerReply.retry(http.getMessage(), http.retryAfter());
        }
        if (cause == null || cause instanceof TimeoutException
                || Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_TIMED_OUT, Boolean.class))) {
            return InsurerReply.retry("no answer within " + catalog.settings(insurerId).timeouts().callMs() + " ms", null);
        }
        return InsurerReply.retry(describe(cause), null);
    }

    /** Open, forced open, or half-open with its trial calls taken: the breaker does not let calls through. */
    private static boolean refusedByBreaker(Exchange exchange) {
        String state = exchange.getProperty(CircuitBreakerConstants.RESPONSE_STATE, String.class);
        return state != null && state.contains("OPEN");
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InsurerProtocolException("answer is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InsurerProtocolException("answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private DialectMapper mapper(String insurerId) {
        return mappers.computeIfAbsent(insurerId, id -> new DialectMapper(catalog.settings(id).api()));
    }

    /** Retry-After in seconds (the HTTP-date form is rare among insurers and read as absent). */
    static Duration retryAfter(String header) {
        if (header == null || !header.trim().matches("\\d{1,6}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.trim()));
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
