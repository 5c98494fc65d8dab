package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonInclude;
import ru.osago.model.QuoteRequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard insurer API (README, "Contracts"): {@code POST /osago/applications} with a QuoteRequest body, then
 * {@code GET /osago/applications/{id}/offer} until it is no longer 202.
 */
final class StandardDialectHandler implements DialectHandler {

    static final String CREATE_PATH = "/osago/applications";
    private static final Pattern OFFER_PATH = Pattern.compile("^/osago/applications/([^/]+)/offer$");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OfferStatus(String status, String offerId, BigDecimal premium, String currency, Instant validUntil,
                       String reason) {
    }

    private final ApplicationBook book;
    private final boolean retryAfterOnCreate;

    /** @param retryAfterOnCreate the POST's answer says when the offer will be ready, as a pending GET's does */
    StandardDialectHandler(ApplicationBook book, boolean retryAfterOnCreate) {
        this.book = book;
        this.retryAfterOnCreate = retryAfterOnCreate;
    }

    @Override
    public StubResponse handle(StubRequest request) {
        if (request.method().equals("POST") && request.path().equals(CREATE_PATH)) {
            return create(request);
        }
        Matcher offer = OFFER_PATH.matcher(request.path());
        if (request.method().equals("GET") && offer.matches()) {
            return offer(offer.group(1));
        }
        return StubResponse.error(404, "no such endpoint: " + request.method() + " " + request.path());
    }

    private StubResponse create(StubRequest request) {
        String key = request.header("Idempotency-Key");
        if (key == null) {
            return StubResponse.error(400, "Idempotency-Key header is required");
        }
        QuoteRequest quote = StubJson.readStrict(request.body(), QuoteRequest.class);
        if (quote.vehicle() == null) {
            return StubResponse.error(400, "vehicle is required");
        }
        if (quote.vehicle().vin() == null || quote.vehicle().vin().isBlank()) {
            return StubResponse.error(400, "vehicle.vin is required");
        }
        if (quote.vehicle().powerHp() == null) {
            return StubResponse.error(400, "vehicle.powerHp is required");
        }
        ApplicationBook.Created created = book.create(key, quote);
        return switch (created.outcome()) {
            case CREATED -> taken(201, created.application());
            case REPLAYED -> taken(200, created.application());
            case KEY_REUSED -> StubResponse.error(422, "Idempotency-Key was already used with a different request");
        };
    }

    /** The application's id, and when its offer will be ready if this stub says so on the POST. */
    private StubResponse taken(int status, ApplicationBook.Application application) {
        StubResponse response = StubResponse.json(status, Map.of("applicationId", application.id()));
        long now = System.nanoTime();
        return retryAfterOnCreate && !application.ready(now)
                ? response.withHeader("Retry-After", String.valueOf(retryAfterSeconds(application.remainingMs(now))))
                : response;
    }

    private StubResponse offer(String id) {
        ApplicationBook.Application application = book.find(id).orElse(null);
        if (application == null) {
            return StubResponse.error(404, "unknown application");
        }
        long now = System.nanoTime();
        if (!application.ready(now)) {
            return StubResponse.json(202, new OfferStatus("PENDING", null, null, null, null, null))
                    .withHeader("Retry-After", String.valueOf(retryAfterSeconds(application.remainingMs(now))));
        }
        if (application.declined()) {
            return StubResponse.json(200,
                    new OfferStatus("DECLINED", null, null, null, null, ApplicationBook.DECLINE_REASON));
        }
        return StubResponse.json(200, new OfferStatus("OFFER", application.offerId(), application.premiumRub(),
                "RUB", application.validUntil(), null));
    }

    /**
     * When the offer will be ready: the time left rounded up to whole seconds (the header's unit), at least
     * 1 s. Not capped: a real insurer says when to come back, and a poller that obeys it asks once more
     * instead of every few seconds; one that polls sooner just gets another 202.
     */
    static long retryAfterSeconds(long remainingMs) {
        return Math.max(1, (remainingMs + 999) / 1000);
    }
}
