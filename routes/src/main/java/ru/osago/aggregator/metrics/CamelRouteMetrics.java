package ru.osago.aggregator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route's exchanges (count, failures, time) in the application's meter registry, so
 * /actuator/prometheus shows each flow: the poller's ticks, each insurer route's batches, the outcome
 * batches, completion. Camel picks a RoutePolicyFactory bean up from the registry at start.
 */
@Configuration(proxyBeanMethods = false)
class CamelRouteMetrics {

    @Bean
    MicrometerRoutePolicyFactory routeMetrics(MeterRegistry registry) {
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry);
        return factory;
    }
}
