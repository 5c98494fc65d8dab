package ru.osago.aggregator.operator;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every instance obeys the operators' switches within {@code osago.operator.control-period-ms}: it reads
 * {@code insurer_control} (a row per insurer an operator touched) and applies it ({@link InsurerControl}).
 * The first read runs as the route starts.
 */
@Component
class InsurerControlRoute extends RouteBuilder {

    private final InsurerControl control;

    InsurerControlRoute(InsurerControl control) {
        this.control = control;
    }

    @Override
    public void configure() {
        from("timer:insurer-control?delay=0&period={{osago.operator.control-period-ms}}")
                .routeId("insurer-control")
                .to("sql:select insurer_id, enabled, breaker_forced_open from insurer_control").id("read-switches")
                .bean(control, "apply").id("apply-switches");
    }
}
