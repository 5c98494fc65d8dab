package ru.osago.aggregator.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.completion.CompletionRoute;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.state.QuoteLedger;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.model.InsurerRef;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitter + Recipient List: one CREATE call per insurer, each on that insurer's own queue. */
@CamelSpringBootTest
@SpringBootTest
@UseAdviceWith
@DirtiesContext
class FanOutRouteTest extends AggregatorTestSupport {

    private static final List<String> INSURERS = List.of("bereza", "dobrynya", "enisey", "garant", "volga");

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void adviseFanOutOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "fan-out", route -> {
            route.mockEndpointsAndSkip("seda:insurer-*");
            route.weaveById("open-completion-group").replace().to("mock:completion");
        });
        camel.start();
    }

    @Test
    void newRequestBecomesOneCreateCallPerInsurerOnItsOwnQueue() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        List<InsurerRef> insurers = INSURERS.stream().map(id -> new InsurerRef(id, id)).toList();
        QuoteLedger.Registration registration =
                new QuoteLedger.Registration("req-fan-out", true, insurers, deadline, "{\"requestId\":\"req-fan-out\"}");
        MockEndpoint completion = camel.getEndpoint("mock:completion", MockEndpoint.class);
        completion.expectedBodiesReceived("req-fan-out");
        completion.expectedHeaderReceived(CompletionRoute.DEADLINE, deadline);
        for (String insurer : INSURERS) {
            queue(insurer).expectedMessageCount(1);
        }

        producer.sendBody("direct:fan-out", registration);

        completion.assertIsSatisfied();
        for (String insurer : INSURERS) {
            queue(insurer).assertIsSatisfied();
            InsurerCall call = queue(insurer).getReceivedExchanges().get(0).getMessage().getBody(InsurerCall.class);
            assertThat(call.operation()).isEqualTo(InsurerCall.Operation.CREATE);
            assertThat(call.insurerId()).isEqualTo(insurer);
            assertThat(call.idempotencyKey()).isEqualTo("req-fan-out:" + insurer);
            assertThat(call.applicationJson()).contains("req-fan-out");
            assertThat(call.deadline()).isEqualTo(deadline);
        }
    }

    private MockEndpoint queue(String insurer) {
        return camel.getEndpoint("mock:seda:insurer-" + insurer, MockEndpoint.class);
    }
}
