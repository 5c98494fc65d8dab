package ru.osago.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One event on the reply destination. Fields not used by a type are absent from the JSON.
 * <p>
 * {@code eventId} is deterministic ({@code requestId/TYPE[/insurer]}), so a consumer drops a repeat
 * by id alone; {@code seq} orders the events of one request (1, 2, …; 0 for {@code REJECTED}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuoteEvent(
        String eventId,
        String requestId,
        long seq,
        Instant at,
        EventType type,
        // OFFER, INSURER_*
        String insurer,
        String insurerName,
        // OFFER
        BigDecimal premium,
        String currency,
        Instant validUntil,
        String offerId,
        // INSURER_DECLINED, INSURER_FAILED, INSURER_TIMEOUT
        String reason,
        // ACCEPTED
        List<InsurerRef> insurers,
        Instant deadline,
        // COMPLETED
        Summary summary,
        // REJECTED
        List<FieldError> errors) {

    public static String eventId(String requestId, EventType type, String insurer) {
        return insurer == null ? requestId + "/" + type : requestId + "/" + type + "/" + insurer;
    }

    public static QuoteEvent accepted(String requestId, long seq, Instant at, List<InsurerRef> insurers, Instant deadline) {
        return new QuoteEvent(eventId(requestId, EventType.ACCEPTED, null), requestId, seq, at, EventType.ACCEPTED,
                null, null, null, null, null, null, null, List.copyOf(insurers), deadline, null, null);
    }

    public static QuoteEvent offer(String requestId, long seq, Instant at, InsurerRef insurer, Offer offer) {
        return new QuoteEvent(eventId(requestId, EventType.OFFER, insurer.id()), requestId, seq, at, EventType.OFFER,
                insurer.id(), insurer.name(), offer.premium(), offer.currency(), offer.validUntil(), offer.offerId(),
                null, null, null, null, null);
    }

    /** {@code INSURER_DECLINED}, {@code INSURER_FAILED} or {@code INSURER_TIMEOUT}. */
    public static QuoteEvent insurerEnded(String requestId, long seq, Instant at, EventType type, InsurerRef insurer, String reason) {
        return new QuoteEvent(eventId(requestId, type, insurer.id()), requestId, seq, at, type,
                insurer.id(), insurer.name(), null, null, null, null, reason, null, null, null, null);
    }

    public static QuoteEvent completed(String requestId, long seq, Instant at, Summary summary) {
        return new QuoteEvent(eventId(requestId, EventType.COMPLETED, null), requestId, seq, at, EventType.COMPLETED,
                null, null, null, null, null, null, null, null, null, summary, null);
    }

    public static QuoteEvent rejected(String requestId, Instant at, List<FieldError> errors) {
        return new QuoteEvent(eventId(requestId, EventType.REJECTED, null), requestId, 0, at, EventType.REJECTED,
                null, null, null, null, null, null, null, null, null, null, List.copyOf(errors));
    }
}
