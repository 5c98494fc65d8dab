package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another company's API: {@code POST /api/v2/quotes}, then {@code GET /api/v2/quotes/{id}} which is
 * always 200 and says PROCESSING, READY (price in kopecks) or REJECTED; no Retry-After.
 */
final class V2DialectHandler implements DialectHandler {

    static final String CREATE_PATH = "/api/v2/quotes";
    private static final Pattern QUOTE_PATH = Pattern.compile("^/api/v2/quotes/([^/]+)$");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QuoteState(String quoteId, String state, Long priceKopecks, Instant expiresAt, String rejectReason) {
    }

    private final ApplicationBook book;

    V2DialectHandler(ApplicationBook book) {
        this.book = book;
    }

    @Override
    public StubResponse handle(StubRequest request) {
        if (request.method().equals("POST") && request.path().equals(CREATE_PATH)) {
            return create(request);
        }
        Matcher quote = QUOTE_PATH.matcher(request.path());
        if (request.method().equals("GET") && quote.matches()) {
            return state(quote.group(1));
        }
        return StubResponse.error(404, "no such endpoint: " + request.method() + " " + request.path());
    }

    private StubResponse create(StubRequest request) {
        String key = request.header("Idempotency-Key");
        if (key == null) {
            return StubResponse.error(400, "Idempotency-Key header is required");
        }
        V2QuoteRequest body = StubJson.readStrict(request.body(), V2QuoteRequest.class);
        String missing = firstMissing(body);
        if (missing != null) {
            return StubResponse.error(400, missing + " is required");
        }
        ApplicationBook.Created created = book.create(key, body.toQuoteRequest());
        if (created.outcome() == ApplicationBook.Outcome.KEY_REUSED) {
            return StubResponse.error(422, "Idempotency-Key was already used with a different request");
        }
        return StubResponse.json(200, Map.of("quoteId", created.application().id()));
    }

    private static String firstMissing(V2QuoteRequest body) {
        if (body.car() == null) {
            return "car";
        }
        if (body.car().vin() == null || body.car().vin().isBlank()) {
            return "car.vin";
        }
        if (body.car().enginePower() == null) {
            return "car.enginePower";
        }
        if (body.multidrive() == null) {
            return "multidrive";
        }
        if (body.startDate() == null) {
            return "startDate";
        }
        return null;
    }

    private StubResponse state(String quoteId) {
        ApplicationBook.Application application = book.find(quoteId).orElse(null);
        if (application == null) {
            return StubResponse.error(404, "quote not found");
        }
        if (!application.ready(System.nanoTime())) {
            return StubResponse.json(200, new QuoteState(quoteId, "PROCESSING", null, null, null));
        }
        if (application.declined()) {
            return StubResponse.json(200,
                    new QuoteState(quoteId, "REJECTED", null, null, ApplicationBook.DECLINE_REASON));
        }
        long kopecks = application.premiumRub().movePointRight(2).longValueExact();
        return StubResponse.json(200, new QuoteState(quoteId, "READY", kopecks, application.validUntil(), null));
    }
}
