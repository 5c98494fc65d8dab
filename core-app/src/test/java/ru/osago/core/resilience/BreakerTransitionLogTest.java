package ru.osago.core.resilience;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import ru.osago.core.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context started again (a restart over JMX, say) gets new breakers: they are watched as the first ones were,
 * and each change of state is one line.
 */
class BreakerTransitionLogTest {

    private static final String LOGGER = BreakerTransitionLog.class.getName();

    @Test
    void aBreakerOpeningIsOneWarningAndItsOtherChangesInformationAlsoAfterARestart() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getManagementStrategy().addEventNotifier(new BreakerTransitionLog());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:call").routeId("call")
                            .circuitBreaker().id("some-breaker").to("log:call").onFallback().log("fallback").end();
                }
            });
            camel.start();
            var first = camel.getProcessor("some-breaker", ResilienceProcessor.class).getCircuitBreaker();
            camel.stop();
            camel.start();
            ListAppender<ILoggingEvent> log = LogCapture.capture(LOGGER);

            var breaker = camel.getProcessor("some-breaker", ResilienceProcessor.class).getCircuitBreaker();
            assertThat(breaker).as("the restarted context's breaker").isNotSameAs(first);
            breaker.transitionToOpenState();
            breaker.transitionToHalfOpenState();

            LogCapture.release(LOGGER, log);
            assertThat(LogCapture.warnings(log)).containsExactly(
                    "Circuit breaker some-breaker opened (CLOSED -> OPEN): calls are skipped for a while");
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Circuit breaker some-breaker opened (CLOSED -> OPEN): calls are skipped for a while",
                            "Circuit breaker some-breaker: OPEN -> HALF_OPEN");
        }
    }
}
