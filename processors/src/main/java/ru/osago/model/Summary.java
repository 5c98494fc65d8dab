package ru.osago.model;

import java.math.BigDecimal;

/** What a {@code COMPLETED} event reports: how each insurer ended, and the cheapest offer if any. */
public record Summary(
        int insurers,
        int offers,
        int declined,
        int failed,
        int timedOut,
        String bestInsurer,
        BigDecimal bestPremium) {
}
