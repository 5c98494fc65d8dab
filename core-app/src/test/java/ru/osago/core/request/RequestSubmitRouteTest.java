package ru.osago.core.request;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.core.CoreAppTest;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

@CamelSpringBootTest
@UseAdviceWith
@CoreAppTest
@DirtiesContext
class RequestSubmitRouteTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void requestGoesToTheRequestQueueAsJsonWithItsIdAsCorrelationId() throws Exception {
        AdviceWith.adviceWith(camel, "request-submit", route -> route.mockEndpoints("jms:queue:*"));
        camel.start();
        MockEndpoint rqQueue = camel.getEndpoint("mock:jms:queue:rq.queue", MockEndpoint.class);
        rqQueue.expectedMessageCount(1);
        rqQueue.expectedHeaderReceived("JMSCorrelationID", "req-42");
        QuoteRequest request = SampleRequests.valid("req-42", "guest", LocalDate.now());

        producer.send("direct:request-submit", exchange -> {
            exchange.getMessage().setBody(request);
            exchange.getMessage().setHeader("X-User-Id", "guest");
            exchange.setProperty(RequestIntake.VALIDATED_AT, 1_790_000_000_000L);
        });

        rqQueue.assertIsSatisfied();
        var sent = rqQueue.getReceivedExchanges().get(0).getMessage();
        assertThat(sent.getBody(String.class)).contains("\"requestId\":\"req-42\"").contains("А123ВС77");
        // the aggregator judges the request's dates as of when core-app validated it
        assertThat(sent.getHeaders()).containsOnlyKeys("JMSCorrelationID", "OsagoValidatedAt");
        assertThat(sent.getHeader("OsagoValidatedAt", Long.class)).isEqualTo(1_790_000_000_000L);
    }
}
