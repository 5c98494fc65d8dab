package ru.osago.aggregator.polling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the deadline under overload by giving intake the CPU before insurer work. A request's 60 seconds run
 * from when it was sent, so one that waits in rq.queue loses them; insurer calls claimed at full rate on a
 * saturated machine starve intake, and requests are then accepted after their deadline. The governor watches
 * how long requests waited in the queue: when even the shortest wait of the last second is over
 * {@code osago.polling.overload.intake-wait}, intake is behind, and the claim limit is halved once for that
 * second (down to {@code min-claims}), the newest due first. Insurers not reached end as INSURER_TIMEOUT at the
 * deadline, as they would if they were slow. Each step is judged by the next second's waits: halving on every
 * poll instead took the limit to its floor within 350 ms of one slow second (a JIT warm-up is one), and a
 * machine with little headroom then carried the backlog for minutes. Once intake keeps up the limit grows by a
 * quarter a second back to {@code osago.polling.batch-size}. The limit is the gauge
 * {@code osago.polling.claim.limit}; leaving and regaining the full batch are logged.
 */
@Component
public class ClaimGovernor {

    private static final Logger log = LoggerFactory.getLogger(ClaimGovernor.class);

    private static final long WINDOW_MS = 1000;
    /** A window that ended longer ago than this says nothing about intake now (it may have stopped waiting). */
    private static final long WINDOW_FRESH_MS = 2000;

    private final Clock clock;
    private final int maxClaims;
    private final int minClaims;
    private final long behindMs;

    private boolean windowOpen;
    private long windowStart;
    private long windowMinWait;
    private boolean windowClosed;
    private long lastWindowMinWait;
    private long lastWindowEnd;
    private long lastCutWindowEnd = -1;
    private long lastStep;
    /** When intake was last near or at {@code osago.intake.max-open-requests}. */
    private long lastPacedByBound = Long.MIN_VALUE / 2;
    private volatile int limit;

    public ClaimGovernor(AggregatorProperties properties, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.maxClaims = properties.polling().batchSize();
        this.minClaims = Math.min(properties.polling().overload().minClaims(), maxClaims);
        this.behindMs = properties.polling().overload().intakeWait().toMillis();
        this.limit = maxClaims;
        Gauge.builder("osago.polling.claim.limit", this, governor -> governor.limit)
                .description("rows the offer poller may claim per poll: lower while intake is behind").register(meters);
    }

    /**
     * Intake is at or within a tenth of {@code osago.intake.max-open-requests}: the bound paces it, and
     * requests wait in rq.queue for room, not for CPU. Holding insurer work back would not shorten their wait
     * (requests leave the bound as they complete, and fewer answers complete fewer early): at 1,200
     * requests/s it held insurer work back for almost seven minutes on end on a half-idle machine, and 86 %
     * of the requests got no offer. Waits within two seconds of this do not count as intake behind.
     */
    public synchronized void intakePacedByBound() {
        lastPacedByBound = clock.millis();
    }

    /** A request is being accepted after waiting this long in rq.queue (never negative). */
    public synchronized void intakeWaited(Duration waited) {
        long now = clock.millis();
        long wait = waited.toMillis();
        if (!windowOpen || now - windowStart >= WINDOW_MS) {
            if (windowOpen) {
                windowClosed = true;
                lastWindowMinWait = windowMinWait;
                lastWindowEnd = now;
            }
            windowOpen = true;
            windowStart = now;
            windowMinWait = wait;
        } else {
            windowMinWait = Math.min(windowMinWait, wait);
        }
    }

    /**
     * What a poll claims: at most {@code limit} rows; while the governor holds insurer work back, the newest
     * due first. Taken oldest first, a limited claim goes to the requests nearest their deadline, whose answers
     * then come too late: in a 500/s run offers fell to none within 90 s. Taken newest first, the newest
     * requests get the whole of their time and the oldest end as INSURER_TIMEOUT (adaptive LIFO).
     */
    public record Claim(int limit, boolean newestFirst) {
    }

    /** What the next poll claims; called once per poll. */
    public synchronized Claim nextClaim() {
        long now = clock.millis();
        if (intakeBehind(now)) {
            if (lastCutWindowEnd != lastWindowEnd) {
                cut(now);
            }
        } else if (limit < maxClaims && now - lastStep >= WINDOW_MS) {
            limit = Math.min(maxClaims, limit + Math.max(1, limit / 4));
            lastStep = now;
            if (limit == maxClaims) {
                log.info("Intake keeps up again: insurer calls are claimed {} a poll, oldest due first", maxClaims);
            }
        }
        return new Claim(limit, limit < maxClaims);
    }

    private void cut(long now) {
        if (limit == maxClaims) {
            log.warn("Intake is behind: even the shortest wait in rq.queue of the last second was {} ms; "
                    + "insurer calls are held back, newest requests first", lastWindowMinWait);
        }
        limit = Math.max(minClaims, limit / 2);
        lastCutWindowEnd = lastWindowEnd;
        lastStep = now;
    }

    private boolean intakeBehind(long now) {
        return windowClosed && now - lastWindowEnd <= WINDOW_FRESH_MS && lastWindowMinWait > behindMs
                && now - lastPacedByBound > WINDOW_FRESH_MS;
    }
}
