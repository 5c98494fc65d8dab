package ru.osago.model;

import java.math.BigDecimal;
import java.time.Instant;

/** An insurer's priced offer, in our terms: roubles, ISO currency, the insurer's own offer id. */
public record Offer(String offerId, BigDecimal premium, String currency, Instant validUntil) {
}
