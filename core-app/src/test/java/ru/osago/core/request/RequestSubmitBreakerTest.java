package ru.osago.core.request;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.core.CoreAppTest;
import ru.osago.core.LogCapture;
import ru.osago.model.SampleRequests;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that refuses every send: each failed send is a warning with its reason, the breaker's opening is one
 * more, and the sends the open breaker skips (still answered 503) add none.
 */
@CamelSpringBootTest
@UseAdviceWith
@CoreAppTest
@DirtiesContext
class RequestSubmitBreakerTest {

    private static final String TRANSITIONS = "ru.osago.core.resilience.BreakerTransitionLog";

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void sendsTheOpenBreakerSkipsAreRefusedWithoutALineEach() throws Exception {
        AdviceWith.adviceWith(camel, "request-submit", route -> route.weaveById("send-to-aggregator").replace()
                .process(e -> {
                    throw new IllegalStateException("connection to the broker lost");
                }));
        camel.start();
        ListAppender<ILoggingEvent> route = LogCapture.capture("request-submit");
        ListAppender<ILoggingEvent> transitions = LogCapture.capture(TRANSITIONS);

        // osago.core.broker.breaker: 4 calls at least, half of them failed, open the breaker
        List<Exchange> sent = IntStream.range(0, 6).mapToObj(i -> producer.send("direct:request-submit",
                e -> e.getMessage().setBody(SampleRequests.valid("req-" + i, "guest", LocalDate.now())))).toList();

        LogCapture.release("request-submit", route);
        LogCapture.release(TRANSITIONS, transitions);
        assertThat(sent).allSatisfy(e -> assertThat(e.getProperty(RequestSubmitRoute.BROKER_UNAVAILABLE)).isEqualTo(true));
        assertThat(LogCapture.warnings(route)).hasSize(4).allSatisfy(line -> assertThat(line)
                .matches("Broker unavailable, request req-[0-3] not sent: .*connection to the broker lost.*"));
        assertThat(LogCapture.warnings(transitions)).singleElement().asString()
                .startsWith("Circuit breaker broker-breaker opened (CLOSED -> OPEN)");
    }
}
