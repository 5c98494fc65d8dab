package ru.osago.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A browser's first step, as the rest and sse modes take it: POST a sample quote request to core-app as a user
 * of its own (so core-app's per-user limit is not what is measured), counted in flight until answered, and ask
 * for the user's greeting beside it, as the page does. A refused or failed POST is a send error (not accepted);
 * a 202's reply is identified and handed on.
 */
final class QuotePosts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final Tracker tracker;
    private final String userPrefix;
    private final byte[] body;
    private final AtomicLong inFlight = new AtomicLong();

    QuotePosts(HttpClient http, Tracker tracker, String userPrefix) throws Exception {
        this.http = http;
        this.tracker = tracker;
        this.userPrefix = userPrefix;
        this.body = OsagoJson.mapper().writeValueAsBytes(SampleRequests.valid(null, null, LocalDate.now()));
    }

    /** Posts request {@code index} to the core-app at {@code baseUrl}; {@code accepted} gets its 202 reply. */
    void post(String baseUrl, int index, BiConsumer<Tracker.Req, JsonNode> accepted) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/osago/requests"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-User-Id", userPrefix + index)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Tracker.Req req = tracker.sent(null);
        inFlight.incrementAndGet();
        lookUpClient(baseUrl, index, req.sentNanos);
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            inFlight.decrementAndGet();
            if (failure != null) {
                tracker.sendError(failure.getClass().getSimpleName());
            } else if (response.statusCode() != 202) {
                tracker.sendError("HTTP " + response.statusCode());
            } else {
                try {
                    JsonNode reply = MAPPER.readTree(response.body());
                    tracker.identified(reply.path("requestId").asText(), req);
                    accepted.accept(req, reply);
                } catch (Exception e) {
                    tracker.error("reply not readable: " + e.getClass().getSimpleName());
                }
            }
        });
    }

    /** The page asks for the user's greeting beside its POST: 200 or 204 (client-info slow or down), timed apart. */
    private void lookUpClient(String baseUrl, int index, long sentNanos) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/osago/client"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("X-User-Id", userPrefix + index).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
                tracker.clientLookup(failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode(), sentNanos));
    }

    /** POSTs sent and not yet answered. */
    long inFlight() {
        return inFlight.get();
    }
}
