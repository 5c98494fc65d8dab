package ru.osago.aggregator.insurer;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.state.InsurerAuditLog;
import ru.osago.aggregator.state.QuoteLedger;
import ru.osago.model.InsurerStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Records what an insurer call came to and decides the row's next step. Returns the request id when
 * the insurer reached a final state (so the route hands it to the completion aggregator), else null.
 */
@Component("insurerOutcomes")
public class InsurerOutcomes {

    private static final Logger log = LoggerFactory.getLogger(InsurerOutcomes.class);

    private final QuoteLedger ledger;
    private final InsurerCatalog catalog;
    private final InsurerAuditLog audit;
    private final Clock clock;
    private final Duration lateInterval;

    InsurerOutcomes(QuoteLedger ledger, InsurerCatalog catalog, InsurerAuditLog audit, Clock clock,
                    AggregatorProperties properties) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.lateInterval = properties.polling().lateInterval();
    }

    public String record(Exchange exchange) throws InvalidPayloadException {
        InsurerCall call = exchange.getProperty(InsurerCall.PROPERTY, InsurerCall.class);
        InsurerReply reply = exchange.getMessage().getMandatoryBody(InsurerReply.class);
        InsurerSettings settings = catalog.settings(call.insurerId());
        Instant now = clock.instant();
        String requestId = call.requestId();
        String insurerId = call.insurerId();
        log.debug("{} {} {} attempt {}: {} {}", requestId, insurerId, call.operation(), call.attempts(), reply.kind(),
                reply.reason() == null ? "" : reply.reason());
        audit.record(call, exchange.getProperty(WireLog.PROPERTY, WireLog.class), reply, now);
        boolean ended = switch (reply.kind()) {
            case CREATED -> {
                ledger.recordCreated(requestId, insurerId, reply.externalId(),
                        earliest(now.plusMillis(settings.polling().firstDelayMs()), call.deadline()));
                yield false;
            }
            case PENDING -> {
                // attempts counts the create call too
                ledger.recordPending(requestId, insurerId, notSoonIfLate(call, now, PollSchedule.afterPending(now,
                        Math.max(1, call.attempts() - 1), reply.retryAfter(), settings.polling(), call.deadline())));
                yield false;
            }
            case OFFER -> ledger.recordFinal(requestId, insurerId, InsurerStatus.COMPLETED, reply.offer(), null);
            case DECLINED -> ledger.recordFinal(requestId, insurerId, InsurerStatus.DECLINED, null, reply.reason());
            case FAILED, UNAVAILABLE -> ledger.recordFinal(requestId, insurerId, InsurerStatus.FAILED, null, reply.reason());
            case RETRY -> retry(call, reply, settings, now);
        };
        return ended ? requestId : null;
    }

    private boolean retry(InsurerCall call, InsurerReply reply, InsurerSettings settings, Instant now) {
        int failures = call.failures() + 1;
        if (failures >= settings.retry().maxFailures()) {
            return ledger.recordFinal(call.requestId(), call.insurerId(), InsurerStatus.FAILED, null,
                    reply.reason() + " (" + failures + " failures in a row)");
        }
        ledger.recordRetry(call.requestId(), call.insurerId(), reply.reason(), notSoonIfLate(call, now,
                PollSchedule.afterFailure(now, failures, reply.retryAfter(), settings.retry(), call.deadline())));
        return false;
    }

    /** Nobody waits for a late offer: after the deadline an insurer is polled at most every late-interval. */
    private Instant notSoonIfLate(InsurerCall call, Instant now, Instant next) {
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
