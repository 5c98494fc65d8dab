package ru.osago.aggregator.insurer;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

/**
 * One route per enabled insurer file, {@code insurer-<id>} at {@code seda:insurer-<id>}, made from
 * the YAML template {@code insurer-call}. Disabled insurers get no route and so no traffic.
 */
@Component
class InsurerRoutes extends RouteBuilder {

    private final InsurerCatalog catalog;
    private final int queueSize;

    InsurerRoutes(InsurerCatalog catalog, AggregatorProperties properties) {
        this.catalog = catalog;
        this.queueSize = properties.polling().insurerQueueSize();
    }

    @Override
    public void configure() {
        for (InsurerSettings insurer : catalog.enabledSettings()) {
            InsurerResilience.bind(getCamelContext(), insurer);
            templatedRoute("insurer-call")
                    .routeId("insurer-" + insurer.id())
                    .parameter("insurerId", insurer.id())
                    .parameter("baseUrl", insurer.baseUrl())
                    .parameter("connectTimeoutMs", String.valueOf(insurer.timeouts().connectMs()))
                    .parameter("callTimeoutMs", String.valueOf(insurer.timeouts().callMs()))
                    .parameter("ratePerSecond", String.valueOf(insurer.rateLimitPerSecond()))
                    .parameter("threads", String.valueOf(insurer.threads()))
                    .parameter("queueSize", String.valueOf(queueSize));
        }
    }
}
