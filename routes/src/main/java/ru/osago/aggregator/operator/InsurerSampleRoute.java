package ru.osago.aggregator.operator;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every {@code osago.operator.sample-period-ms}, this instance's calls per insurer and its breakers' states go to
 * {@code insurer_sample} and {@code insurer_breaker}, where {@code GET /osago/insurers} merges every instance's.
 */
@Component
class InsurerSampleRoute extends RouteBuilder {

    private final InsurerSamples samples;

    InsurerSampleRoute(InsurerSamples samples) {
        this.samples = samples;
    }

    @Override
    public void configure() {
        from("timer:insurer-samples?period={{osago.operator.sample-period-ms}}")
                .routeId("insurer-samples")
                .bean(samples, "write").id("write-samples");
    }
}
