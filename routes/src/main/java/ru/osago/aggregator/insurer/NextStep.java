package ru.osago.aggregator.insurer;

import ru.osago.model.InsurerStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * What an insurer's row becomes after a call: still open, due again at {@code nextPoll}, or final with
 * {@code status}. Pending answers are polled at exponential intervals, failures retried with backoff,
 * never earlier than the insurer's Retry-After and never past the deadline ({@link PollSchedule});
 * {@code retry.maxFailures} failures in a row end the insurer as FAILED.
 */
public record NextStep(Kind kind, InsurerStatus status, Instant nextPoll, String reason) {

    public enum Kind { CREATED, PENDING, RETRY, DEFERRED, FINAL }

    /**
     * @param lateInterval after the deadline an insurer is polled at most this often: nobody waits for a late offer
     * @param deferral     how soon a call that was not made for its bulkhead is due again (a rate limit says its own)
     */
    public static NextStep after(CallOutcome outcome, InsurerSettings settings, Instant now, Duration lateInterval,
                                 Duration deferral) {
        InsurerCall call = outcome.call();
        InsurerReply reply = outcome.reply();
        // times count from the answer, not from when its batch is recorded: Retry-After means "after this answer"
        Instant answered = outcome.finishedAt().isBefore(now) ? outcome.finishedAt() : now;
        return switch (reply.kind()) {
            case CREATED -> open(Kind.CREATED,
                    PollSchedule.afterCreated(answered, reply.retryAfter(), settings, call.deadline()), null);
            // attempts counts the create call too
            case PENDING -> open(Kind.PENDING, notSoonIfLate(call, answered, lateInterval, PollSchedule.afterPending(answered,
                    Math.max(1, call.attempts() - 1), reply.retryAfter(), settings, call.deadline())), null);
            case DEFERRED -> open(Kind.DEFERRED, earliest(answered.plus(reply.retryAfter() != null ? reply.retryAfter() : deferral),
                    call.deadline()), null);
            case OFFER -> end(InsurerStatus.COMPLETED, null);
            case DECLINED -> end(InsurerStatus.DECLINED, reply.reason());
            case FAILED, UNAVAILABLE -> end(InsurerStatus.FAILED, reply.reason());
            case RETRY -> {
                int failures = call.failures() + 1;
                if (failures >= settings.retry().maxFailures()) {
                    yield end(InsurerStatus.FAILED, reply.reason() + " (" + failures + " failures in a row)");
                }
                yield open(Kind.RETRY, notSoonIfLate(call, answered, lateInterval, PollSchedule.afterFailure(answered, failures,
                        reply.retryAfter(), settings, call.deadline())), reply.reason());
            }
        };
    }

    public boolean isFinal() {
        return kind == Kind.FINAL;
    }

    private static NextStep open(Kind kind, Instant nextPoll, String reason) {
        return new NextStep(kind, null, nextPoll, reason);
    }

    private static NextStep end(InsurerStatus status, String reason) {
        return new NextStep(Kind.FINAL, status, null, reason);
    }

    private static Instant notSoonIfLate(InsurerCall call, Instant now, Duration lateInterval, Instant next) {
        if (!call.late()) {
            return next;
        }
        Instant notBefore = earliest(now.plus(lateInterval), call.deadline());
        return next.isBefore(notBefore) ? notBefore : next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
