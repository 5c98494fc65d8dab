package ru.osago.aggregator.insurer;

import java.time.Instant;

/** One insurer call and what it came to: the unit the {@code record-outcomes} route batches. */
public record CallOutcome(InsurerCall call, InsurerReply reply, WireLog wire, Instant finishedAt) {
}
