package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.springframework.stereotype.Component;
import ru.osago.model.OsagoJson;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * An insurer's dialect at the edges of a call: the HTTP request it expects, what its answer means, and
 * what a failed or refused call comes to. Bean name {@code insurerCalls}, used by the YAML route template.
 */
@Component("insurerCalls")
public class InsurerCalls {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,6}");

    private final InsurerCatalog catalog;
    private final Clock clock;
    private final Map<String, DialectMapper> mappers = new ConcurrentHashMap<>();
    private final ObjectMapper json = OsagoJson.mapper();

    InsurerCalls(InsurerCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Exactly the HTTP requests the batch's insurer expects, one per call. */
    public List<PreparedCall> prepare(CallBatch batch) throws JsonProcessingException {
        String insurerId = batch.insurerId();
        List<InsurerCall> calls = batch.calls();
        InsurerSettings settings = catalog.settings(insurerId);
        DialectMapper mapper = mapper(insurerId);
        PreparedCall[] prepared = new PreparedCall[calls.size()];
        for (int i = 0; i < prepared.length; i++) {
            InsurerCall call = calls.get(i);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            // the correlation id: the insurer's logs can be matched with ours and with the driver's request
            headers.put("X-Request-Id", call.requestId());
            if (settings.auth() != null) {
                headers.put(settings.auth().header(), System.getenv(settings.auth().valueFromEnv()));
            }
            String method;
            String path;
            String body = null;
            if (call.operation() == InsurerCall.Operation.CREATE) {
                method = "POST";
                path = settings.api().createPath();
                body = json.writeValueAsString(mapper.createBody(json.readTree(call.applicationJson())));
                headers.put("Idempotency-Key", call.idempotencyKey());
            } else {
                method = "GET";
                path = mapper.offerPath(call.externalId());
            }
            prepared[i] = new PreparedCall(call, method, settings.baseUrl() + path, headers, body,
                    new WireLog(method, path, body, clock.instant()));
        }
        return List.of(prepared);
    }

    /**
     * Reads the insurer's answer. 5xx, 429 and unreadable bodies throw, so the circuit breaker counts them
     * and {@link #failure} turns them into a retry; other 4xx mean our request can never succeed.
     */
    public InsurerReply read(PreparedCall prepared, HttpAnswer answer) {
        prepared.wire().received(answer.status(), answer.body());
        Duration retryAfter = retryAfter(answer.retryAfter());
        int status = answer.status();
        if (status == 429 || status >= 500) {
            throw new InsurerHttpException(status, retryAfter);
        }
        InsurerCall call = prepared.call();
        if (status >= 400) {
            return InsurerReply.failed("the insurer refused our " + call.operation().name().toLowerCase() + " request: HTTP " + status);
        }
        JsonNode body = parse(answer.body());
        return call.operation() == InsurerCall.Operation.CREATE
                ? InsurerReply.created(mapper(call.insurerId()).externalId(body), retryAfter)
                : mapper(call.insurerId()).offerReply(body, retryAfter);
    }

    /** A call that did not come to an answer: refused by the breaker (final), put off, or to be retried. */
    public InsurerReply failure(PreparedCall prepared, Throwable cause) {
        if (cause instanceof CallNotPermittedException) {
            return InsurerReply.unavailable();
        }
        if (cause instanceof RequestNotPermitted) {
            // the limit refreshes every second: spread the calls put off over the next one, not all at once
            return InsurerReply.deferred("rate limit reached", Duration.ofMillis(100 + ThreadLocalRandom.current().nextInt(900)));
        }
        if (cause instanceof BulkheadFullException) {
            return InsurerReply.deferred("too many calls in flight", null);
        }
        if (cause instanceof InsurerHttpException http) {
            return InsurerReply.retry(http.getMessage(), http.retryAfter());
        }
        if (cause instanceof TimeoutException) {
            return InsurerReply.retry("no answer within " + catalog.settings(prepared.call().insurerId()).timeouts().callMs() + " ms", null);
        }
        String message = cause.getMessage();
        return InsurerReply.retry(cause.getClass().getSimpleName() + (message == null ? "" : ": " + message), null);
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
        if (header == null || !SECONDS.matcher(header.trim()).matches()) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.trim()));
    }
}
