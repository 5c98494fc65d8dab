package ru.osago.aggregator.insurer;

import ru.osago.model.Offer;

import java.time.Duration;

/** What one insurer call came to, in our terms, whatever the insurer's dialect. */
public record InsurerReply(Kind kind, String externalId, Offer offer, String reason, Duration retryAfter) {

    public enum Kind {
        /** The insurer took the application under {@code externalId}; its offer not before {@code retryAfter} if given. */
        CREATED,
        /** Still working; ask again, not before {@code retryAfter} if given. */
        PENDING,
        /** Final: a priced offer. */
        OFFER,
        /** Final: the insurer refused to quote. */
        DECLINED,
        /** The call failed in a way worth retrying (error, timeout, throttled, unreadable answer). */
        RETRY,
        /** Final: the call can never succeed (the insurer rejected our request). */
        FAILED,
        /** Final: the insurer's circuit breaker is open, or an operator switched it off, so it is not called at all. */
        UNAVAILABLE,
        /** Not called this time: the insurer's rate limit or its calls in flight are used up. */
        DEFERRED
    }

    public static InsurerReply created(String externalId, Duration retryAfter) {
        return new InsurerReply(Kind.CREATED, externalId, null, null, retryAfter);
    }

    public static InsurerReply pending(Duration retryAfter) {
        return new InsurerReply(Kind.PENDING, null, null, null, retryAfter);
    }

    public static InsurerReply offer(Offer offer) {
        return new InsurerReply(Kind.OFFER, null, offer, null, null);
    }

    public static InsurerReply declined(String reason) {
        return new InsurerReply(Kind.DECLINED, null, null, reason, null);
    }

    public static InsurerReply retry(String reason, Duration retryAfter) {
        return new InsurerReply(Kind.RETRY, null, null, reason, retryAfter);
    }

    public static InsurerReply failed(String reason) {
        return new InsurerReply(Kind.FAILED, null, null, reason, null);
    }

    public static InsurerReply deferred(String reason, Duration retryAfter) {
        return new InsurerReply(Kind.DEFERRED, null, null, reason, retryAfter);
    }

    public static InsurerReply unavailable() {
        return new InsurerReply(Kind.UNAVAILABLE, null, null, "unavailable: circuit breaker open", null);
    }

    public static InsurerReply switchedOff() {
        return new InsurerReply(Kind.UNAVAILABLE, null, null, "unavailable: switched off by an operator", null);
    }
}
