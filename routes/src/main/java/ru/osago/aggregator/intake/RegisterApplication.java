package ru.osago.aggregator.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerClient;
import ru.osago.aggregator.polling.ClaimGovernor;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Stores a valid request with intake's next batch; the result says whether it is new. */
@Component
class RegisterApplication {

    private final ApplicationBatches batches;
    private final AggregatorProperties properties;
    private final ClaimGovernor governor;
    private final Timer queueWait;
    private final Clock clock;
    private final ObjectMapper json = OsagoJson.mapper();

    RegisterApplication(ApplicationBatches batches, AggregatorProperties properties, ClaimGovernor governor,
                        MeterRegistry meters, Clock clock) {
        this.batches = batches;
        this.properties = properties;
        this.governor = governor;
        this.queueWait = Timer.builder("osago.intake.wait").publishPercentileHistogram()
                .description("How long a valid request waited in rq.queue before intake took it").register(meters);
        this.clock = clock;
    }

    /**
     * @param sentAt the message's JMSTimestamp: the driver's 60 seconds run from when core-app sent the
     *               request, so time it waited in rq.queue (intake behind, or holding back) counts
     */
    public RequestRegistry.Registration register(@Body QuoteRequest request, @Header("JMSTimestamp") Long sentAt)
            throws Exception {
        try (MDC.MDCCloseable id = MDC.putCloseable(InsurerClient.MDC_KEY, request.requestId())) {
            return store(request, sentAt, clock.instant());
        }
    }

    private RequestRegistry.Registration store(QuoteRequest request, Long sentAt, Instant now) throws Exception {
        Duration sent = sentAt == null || sentAt <= 0 ? Duration.ZERO : Duration.between(Instant.ofEpochMilli(sentAt), now);
        // a clock behind ours counts as no wait; one that waited longer than the deadline gets none left
        Duration waited = sent.isNegative() ? Duration.ZERO : sent;
        queueWait.record(waited);
        governor.intakeWaited(waited);
        Duration left = properties.deadline().minus(waited);
        // first calls at the offer poller's next claim
        return batches.register(new RequestRegistry.Application(request, json.writeValueAsString(request),
                now.plus(left.isNegative() ? Duration.ZERO : left)));
    }
}
