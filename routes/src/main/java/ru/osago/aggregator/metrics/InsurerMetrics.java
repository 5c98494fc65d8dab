package ru.osago.aggregator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.state.OutboundEvent;
import ru.osago.model.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per insurer, what operators watch: every call by operation and what it came to, with its latency
 * ({@code osago.insurer.calls}), and how each insurer ended for the driver ({@code osago.insurer.results}:
 * offer, declined, failed, timeout; and late_offer, an offer that came after the deadline, kept for audit and never
 * sent to the driver). Meters are looked up once per tag set, not built per call.
 */
@Component
public class InsurerMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> results = new ConcurrentHashMap<>();

    InsurerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One call's outcome, timed from when its request was built to its answer (or refusal). */
    public void call(CallOutcome outcome, Instant started) {
        String insurer = outcome.call().insurerId();
        String operation = outcome.call().operation().name().toLowerCase(Locale.ROOT);
        String kind = outcome.reply().kind().name().toLowerCase(Locale.ROOT);
        calls.computeIfAbsent(insurer + '/' + operation + '/' + kind, key -> Timer.builder("osago.insurer.calls")
                        .description("Calls to an insurer by operation and by what they came to")
                        .tags("insurer", insurer, "operation", operation, "outcome", kind)
                        .register(registry))
                .record(Duration.between(started, outcome.finishedAt()));
        // a late poll's offer is no event (the driver never sees it), so it is counted here
        if (outcome.call().late() && outcome.reply().kind() == InsurerReply.Kind.OFFER) {
            result(insurer, "late_offer");
        }
    }

    private void result(String insurer, String result) {
        results.computeIfAbsent(insurer + '/' + result, key -> Counter.builder("osago.insurer.results")
                        .description("How insurers ended for the driver: offer, declined, failed or timeout; late_offer after it")
                        .tags("insurer", insurer, "result", result)
                        .register(registry))
                .increment();
    }

    /** The insurers' final answers among a committed batch's events, counted as they are published. */
    public void published(List<OutboundEvent> events) {
        for (OutboundEvent event : events) {
            String result = switch (EventType.valueOf(event.type())) {
                case OFFER -> "offer";
                case INSURER_DECLINED -> "declined";
                case INSURER_FAILED -> "failed";
                case INSURER_TIMEOUT -> "timeout";
                default -> null;
            };
            if (result != null) {
                // an insurer's event id ends with its id: <requestId>/<TYPE>/<insurer>
                result(event.eventId().substring(event.eventId().lastIndexOf('/') + 1), result);
            }
        }
    }
}
