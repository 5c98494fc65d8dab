package ru.osago.aggregator.support;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;

/** Timer-driven routes switched off for a test: each starts from {@code direct:<routeId>}, so the test runs it when it wants. */
public final class RouteTimers {

    private RouteTimers() {
    }

    /** Before the context starts (tests with {@code @UseAdviceWith}). */
    public static void switchOff(CamelContext camel, String... routeIds) throws Exception {
        for (String routeId : routeIds) {
            AdviceWith.adviceWith(camel, routeId, route -> route.replaceFromWith("direct:" + routeId));
        }
    }
}
