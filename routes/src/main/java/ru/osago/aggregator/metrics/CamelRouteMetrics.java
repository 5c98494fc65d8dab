package ru.osago.aggregator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route's exchanges (count, failures, time) in the application's meter registry, so
 * /actuator/prometheus shows each flow: the poller's ticks, each insurer route's batches, the outcome
 * batches, completion. Camel picks a RoutePolicyFactory bean up from the registry at start.
 * <p>
 * Every insurer call's outcome is an exchange of record-outcomes, so these meters are updated ~18 times a
 * request. The context-wide copy of every meter (the sum of the routes') and the succeeded counter (total minus
 * failed) are left out; the timer and the total, failed, handled-failure and redelivery counters stay.
 */
@Configuration(proxyBeanMethods = false)
class CamelRouteMetrics {

    @Bean
    MicrometerRoutePolicyFactory routeMetrics(MeterRegistry registry) {
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry);
        MicrometerRoutePolicyConfiguration kept = new MicrometerRoutePolicyConfiguration();
        kept.setContextEnabled(false);
        kept.setExchangesSucceeded(false);
        factory.setPolicyConfiguration(kept);
        return factory;
    }
}
