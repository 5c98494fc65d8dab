package ru.osago.stubs;

/**
 * A snapshot of one stub's counters, also served as {@code GET /_stats}. Tests assert on it, e.g.
 * {@code applicationsCreated() == 1} however often the aggregator retried its POST.
 *
 * @param posts                  create calls received (every attempt, failed or not)
 * @param duplicatePosts         create calls whose Idempotency-Key was already known
 * @param distinctIdempotencyKeys keys seen on create calls (a key evicted after 10 minutes counts again)
 * @param applicationsCreated    applications actually created
 * @param gets                   API GETs received (polls, client-info look-ups)
 * @param errors                 injected HTTP 500s
 * @param hangs                  calls held without an answer
 * @param resets                 connections closed without an answer
 * @param throttled              injected 429s
 * @param malformed              200s with a body that is not JSON
 * @param unauthorized           401s for a missing or wrong X-Api-Key
 * @param badRequests            400s and 422s for requests the stub refused
 */
public record StubStats(
        String id,
        long posts,
        long duplicatePosts,
        long distinctIdempotencyKeys,
        long applicationsCreated,
        long gets,
        long errors,
        long hangs,
        long resets,
        long throttled,
        long malformed,
        long unauthorized,
        long badRequests) {
}
