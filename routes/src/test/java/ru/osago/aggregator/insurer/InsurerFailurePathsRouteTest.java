package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.osago.aggregator.state.RequestRegistry;

import java.math.BigDecimal;
import java.net.SocketException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a call to an insurer can go wrong, and when an insurer that said when (Retry-After) is asked
 * again, on bereza's YAML route (standard dialect, 2 s call limit, the default retry: 3 failures in a row,
 * backoff from 500 ms), with its HTTP step scripted: what is stored (status, error, failures, next poll)
 * and what the driver is told on rs.queue.
 */
class InsurerFailurePathsRouteTest extends InsurerRouteTestSupport {

    private static final String INSURER = "bereza";

    @AfterEach
    void closeBreaker() {
        breaker().reset();
    }

    @Test
    void openBreakerEndsTheInsurerAtOnceAsUnavailableWithoutCallingIt() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(ScriptedInsurer.respond(200, "{\"applicationId\":\"never\"}"));
        breaker().transitionToOpenState();

        InsurerReply reply = send(create(registration, INSURER));

        assertThat(insurer(INSURER).received()).isEmpty();
        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.UNAVAILABLE);
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("error")).isEqualTo("unavailable: circuit breaker open");
        JsonNode failed = lastOf(events().until(registration.requestId(), "INSURER_FAILED", Duration.ofSeconds(WAIT_SECONDS)));
        assertThat(failed.path("insurer").asText()).isEqualTo(INSURER);
        assertThat(failed.path("reason").asText()).isEqualTo("unavailable: circuit breaker open");
    }

    @Test
    void serverErrorIsRetriedAfterBackoffAndCountedByTheBreaker() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(ScriptedInsurer.respond(500, "{\"error\":\"internal\"}"));
        long failedBefore = breaker().getMetrics().getNumberOfFailedCalls();

        Instant sent = Instant.now();
        InsurerReply reply = send(create(registration, INSURER));
        Instant recorded = Instant.now();

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.RETRY);
        assertStillOpenForRetry(registration, "CREATED", "HTTP 500", 1);
        assertNextPollBetween(registration, sent.plusMillis(500), recorded.plusMillis(500));
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore + 1);
        assertOnlyAccepted(registration);
    }

    @Test
    void thirdFailureInARowEndsTheInsurerAsFailed() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-3");
        insurer(INSURER).answer(ScriptedInsurer.respond(503, null));

        send(poll(registration, INSURER, "ext-3", 4, 2));

        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("error")).isEqualTo("HTTP 503 (3 failures in a row)");
        JsonNode failed = lastOf(events().until(registration.requestId(), "INSURER_FAILED", Duration.ofSeconds(WAIT_SECONDS)));
        assertThat(failed.path("reason").asText()).isEqualTo("HTTP 503 (3 failures in a row)");
    }

    @Test
    void hangLongerThanTheCallTimeoutIsCutOffAndRetried() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(ScriptedInsurer.hang());

        InsurerReply reply = send(create(registration, INSURER));

        assertThat(insurer(INSURER).received()).hasSize(1);
        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.RETRY);
        assertStillOpenForRetry(registration, "CREATED", "no answer within 2000 ms", 1);
        assertOnlyAccepted(registration);
    }

    @Test
    void connectionResetIsRetried() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(request -> {
            throw new SocketException("Connection reset");
        });

        InsurerReply reply = send(create(registration, INSURER));

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.RETRY);
        assertStillOpenForRetry(registration, "CREATED", "SocketException: Connection reset", 1);
        assertOnlyAccepted(registration);
    }

    @Test
    void throttledCallIsRetriedNoEarlierThanItsRetryAfter() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-429");
        insurer(INSURER).answer(ScriptedInsurer.respond(429, null, "Retry-After", "7"));

        Instant sent = Instant.now();
        InsurerReply reply = send(poll(registration, INSURER, "ext-429", 2, 0));
        Instant recorded = Instant.now();

        assertThat(reply.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertStillOpenForRetry(registration, "IN_PROGRESS", "HTTP 429 (throttled)", 1);
        // the first backoff would be 500 ms: the insurer's 7 s win
        assertNextPollBetween(registration, sent.plusSeconds(7), recorded.plusSeconds(7));
        assertOnlyAccepted(registration);
    }

    @Test
    void pendingAnswerWithRetryAfterIsPolledNoEarlier() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-202");
        insurer(INSURER).answer(ScriptedInsurer.respond(202, "{\"status\":\"PENDING\"}", "Retry-After", "9"));

        Instant sent = Instant.now();
        InsurerReply reply = send(poll(registration, INSURER, "ext-202", 2, 0));
        Instant recorded = Instant.now();

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.PENDING);
        assertThat(row(registration.requestId(), INSURER).get("status")).isEqualTo("IN_PROGRESS");
        assertNextPollBetween(registration, sent.plusSeconds(9), recorded.plusSeconds(9));
        assertOnlyAccepted(registration);
    }

    @Test
    void createAnswerWithRetryAfterIsFirstPolledWhenTheInsurerSaid() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(ScriptedInsurer.respond(201, "{\"applicationId\":\"ext-eta\"}", "Retry-After", "9"));

        Instant sent = Instant.now();
        InsurerReply reply = send(create(registration, INSURER));
        Instant recorded = Instant.now();

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.CREATED);
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo("IN_PROGRESS");
        assertThat(row.get("external_id")).isEqualTo("ext-eta");
        // bereza's firstDelayMs is 500: no poll before the 9 s it said the offer needs
        assertNextPollBetween(registration, sent.plusSeconds(9), recorded.plusSeconds(9));
        assertOnlyAccepted(registration);
    }

    @Test
    void createAnswerWithRetryAfterPastTheDeadlineIsNotPolledBeforeIt() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurer(INSURER).answer(ScriptedInsurer.respond(201, "{\"applicationId\":\"ext-slow\"}", "Retry-After", "90"));

        send(create(registration, INSURER));

        // the claim takes open rows only before their deadline: once timed out, the late poll fetches the offer
        assertNextPollBetween(registration, registration.deadline(), registration.deadline());
    }

    @Test
    void pendingInsurerWhoseNextPollWouldPassTheDeadlineIsAskedOnceMoreInTime() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(4));
        insurerHolds(registration, INSURER, "ext-last");
        insurer(INSURER).answer(ScriptedInsurer.respond(202, "{\"status\":\"PENDING\"}"));

        InsurerReply reply = send(poll(registration, INSURER, "ext-last", 10, 0));

        // the 5 s interval would end past the deadline, when no call is made: the last one goes bereza's 2 s
        // call limit before it, so its answer (an offer ready by then) still counts
        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.PENDING);
        Instant lastCall = registration.deadline().minusSeconds(2);
        assertNextPollBetween(registration, lastCall, lastCall);
        assertOnlyAccepted(registration);
    }

    @Test
    void malformedAnswerIsRetriedAsAProtocolError() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-bad");
        insurer(INSURER).answer(ScriptedInsurer.respond(200, "{\"status\":\"OFF"));

        InsurerReply reply = send(poll(registration, INSURER, "ext-bad", 2, 0));

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.RETRY);
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo("IN_PROGRESS");
        assertThat((String) row.get("error")).startsWith("InsurerProtocolException: answer is not JSON");
        assertThat(row.get("failures")).isEqualTo(1);
        assertOnlyAccepted(registration);
    }

    @Test
    void declineIsFinalAndShownWithTheInsurersReason() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-no");
        insurer(INSURER).answer(ScriptedInsurer.respond(200, "{\"status\":\"DECLINED\",\"reason\":\"vehicle too old\"}"));

        InsurerReply reply = send(poll(registration, INSURER, "ext-no", 2, 0));

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.DECLINED);
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo("DECLINED");
        assertThat(row.get("error")).isEqualTo("vehicle too old");
        JsonNode declined = lastOf(events().until(registration.requestId(), "INSURER_DECLINED", Duration.ofSeconds(WAIT_SECONDS)));
        assertThat(declined.path("insurer").asText()).isEqualTo(INSURER);
        assertThat(declined.path("reason").asText()).isEqualTo("vehicle too old");
    }

    @Test
    void offerAfterTheDeadlineIsStoredLateAndNeverPublished() {
        RequestRegistry.Registration registration = register(Duration.ZERO);
        insurerHolds(registration, INSURER, "ext-late");
        completeOverdue();
        List<JsonNode> untilCompleted = events().until(registration.requestId(), "COMPLETED", Duration.ofSeconds(WAIT_SECONDS));
        insurer(INSURER).answer(ScriptedInsurer.respond(200,
                "{\"status\":\"OFFER\",\"offerId\":\"late-1\",\"premium\":5100.00,\"currency\":\"RUB\"}"));

        InsurerReply reply = send(poll(registration, INSURER, "ext-late", 2, 0));

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.OFFER);
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("late")).isEqualTo(true);
        assertThat(row.get("status")).isEqualTo("TIMEOUT");
        assertThat((BigDecimal) row.get("premium")).isEqualByComparingTo("5100.00");
        assertThat(untilCompleted).extracting(e -> e.path("type").asText()).doesNotContain("OFFER");
        assertThat(events().drain(registration.requestId())).isEmpty();
    }

    @Test
    void insurerPolledAfterTheDeadlineIsPolledNoMoreOftenThanTheLateInterval() {
        RequestRegistry.Registration registration = register(Duration.ZERO);
        insurerHolds(registration, INSURER, "ext-slow");
        Instant completing = Instant.now();
        completeOverdue();
        Instant completed = Instant.now();
        // nobody waits for its offer: the first late poll is a late interval (30 s) away, not at once
        assertNextPollBetween(registration, completing.plusSeconds(30), completed.plusSeconds(30));
        Instant lateUntil = ((Timestamp) row(registration.requestId(), INSURER).get("late_poll_until")).toInstant();
        insurer(INSURER).answer(ScriptedInsurer.respond(202, "{\"status\":\"PENDING\"}", "Retry-After", "1"));

        Instant sent = Instant.now();
        InsurerReply reply = send(new InsurerCall(registration.requestId(), INSURER, InsurerCall.Operation.POLL,
                "ext-slow", null, 3, 0, lateUntil, true));
        Instant recorded = Instant.now();

        // still pending: asked again after the late interval, although the insurer said one second
        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.PENDING);
        assertNextPollBetween(registration, sent.plusSeconds(30), recorded.plusSeconds(30));
    }

    private CircuitBreaker breaker() {
        return resilience.breaker(INSURER);
    }

    private void assertStillOpenForRetry(RequestRegistry.Registration registration, String status, String error, int failures) {
        Map<String, Object> row = row(registration.requestId(), INSURER);
        assertThat(row.get("status")).isEqualTo(status);
        assertThat(row.get("error")).isEqualTo(error);
        assertThat(row.get("failures")).isEqualTo(failures);
    }

    private void assertNextPollBetween(RequestRegistry.Registration registration, Instant earliest, Instant latest) {
        Instant nextPoll = ((Timestamp) row(registration.requestId(), INSURER).get("next_poll_at")).toInstant();
        assertThat(nextPoll).isBetween(earliest.minusMillis(1), latest.plusMillis(1));
    }

    /** The driver saw only that the request was accepted: a retried failure is not news. */
    private void assertOnlyAccepted(RequestRegistry.Registration registration) {
        assertThat(events().drain(registration.requestId())).extracting(e -> e.path("type").asText()).containsExactly("ACCEPTED");
    }

    private static JsonNode lastOf(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }
}
