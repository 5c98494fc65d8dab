package ru.osago.aggregator.insurer;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One route per enabled insurer file, {@code insurer-<id>} at {@code direct:insurer-<id>}, made from
 * the YAML template {@code insurer-call}. Disabled insurers get no route and so no traffic.
 */
@Component
class InsurerRoutes extends RouteBuilder {

    private final InsurerCatalog catalog;

    InsurerRoutes(InsurerCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void configure() {
        for (InsurerSettings insurer : catalog.enabledSettings()) {
            templatedRoute("insurer-call")
                    .routeId("insurer-" + insurer.id())
                    .parameter("insurerId", insurer.id());
        }
    }
}
