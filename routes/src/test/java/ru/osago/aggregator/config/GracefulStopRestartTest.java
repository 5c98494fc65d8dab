package ru.osago.aggregator.config;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's context paused and restarted, as Spring's test context cache does to a cached context while
 * another test class runs: the pause stops its lifecycle beans, so {@link GracefulStop} stops intake and the
 * poller while Camel's context runs on. The restart must start them again; they used to stay stopped, so the
 * instance ran on reading nothing from rq.queue and claiming no calls.
 */
@CamelSpringBootTest
@SpringBootTest
// paused and restarted here, so not handed to another test class
@DirtiesContext
class GracefulStopRestartTest extends AggregatorTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void intakeAndPollerRunAgainAfterARestart() {
        assertThat(statusOf("intake")).isEqualTo(ServiceStatus.Started);

        context.pause();
        assertThat(statusOf("intake")).isEqualTo(ServiceStatus.Stopped);
        assertThat(statusOf("offer-poller")).isEqualTo(ServiceStatus.Stopped);

        context.restart();
        assertThat(statusOf("intake")).isEqualTo(ServiceStatus.Started);
        assertThat(statusOf("offer-poller")).isEqualTo(ServiceStatus.Started);
    }

    private ServiceStatus statusOf(String routeId) {
        return camel.getRouteController().getRouteStatus(routeId);
    }
}
