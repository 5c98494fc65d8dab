package ru.osago.model;

/**
 * State of one insurer within one request (the {@code insurer_quote.status} column).
 * <pre>
 * CREATED ──POST ok──▶ IN_PROGRESS ──offer──▶ COMPLETED
 *    │                      ├──declined──▶ DECLINED
 *    └──────────────────────┼──error / breaker open──▶ FAILED
 *                           └──deadline passed──▶ TIMEOUT
 * </pre>
 */
public enum InsurerStatus {
    /** Stored; the insurer has not yet confirmed the application (POST pending or to be retried). */
    CREATED,
    /** The insurer holds the application under its external id; we poll it for the offer. */
    IN_PROGRESS,
    /** Final: the insurer made an offer. */
    COMPLETED,
    /** Final: the insurer refused to quote. */
    DECLINED,
    /** Final: the insurer failed (errors, unreadable answers, unavailable). */
    FAILED,
    /** Final: no final answer by the request's deadline. */
    TIMEOUT;

    public boolean isFinal() {
        return this != CREATED && this != IN_PROGRESS;
    }
}
