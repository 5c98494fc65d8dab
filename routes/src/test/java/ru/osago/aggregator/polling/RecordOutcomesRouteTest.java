package ru.osago.aggregator.polling;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.insurer.InsurerReply;
import ru.osago.aggregator.insurer.OutcomeBuffer;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RouteTimers;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How record-outcomes batches: while one batch is being written, the outcomes that arrive wait, and the next tick
 * takes all of them as one batch (up to the batch size), instead of queueing a small batch per tick behind the
 * writer. The write itself is replaced by a step the test holds: the ledger's statements have tests of their own.
 */
@CamelSpringBootTest
@SpringBootTest(properties = "osago.outcomes.batch-size=40")
@UseAdviceWith
@DirtiesContext
class RecordOutcomesRouteTest extends AggregatorTestSupport {

    private static final CountDownLatch WRITER_RELEASED = new CountDownLatch(1);
    private static final CountDownLatch WRITER_BUSY = new CountDownLatch(1);

    @Autowired
    CamelContext camel;
    @Autowired
    OutcomeBuffer buffer;

    @BeforeEach
    void holdTheFirstWriteOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        RouteTimers.switchOff(camel, "offer-poller", "completion");
        AdviceWith.adviceWith(camel, "record-outcomes", route -> {
            route.weaveById("record-batch").replace().process(exchange -> {
                WRITER_BUSY.countDown();
                assertThat(WRITER_RELEASED.await(20, TimeUnit.SECONDS)).isTrue();
            }).to("mock:recorded");
            route.weaveById("publish-batch-events").remove();
        });
        camel.start();
    }

    @Test
    void outcomesArrivingWhileABatchIsWrittenGoTogetherIntoTheNextUpToTheBatchSize() throws Exception {
        MockEndpoint recorded = camel.getEndpoint("mock:recorded", MockEndpoint.class);
        buffer.add(outcome("first"));
        assertThat(WRITER_BUSY.await(20, TimeUnit.SECONDS)).isTrue();

        // 100 answers while the first batch is written: many ticks' worth, at one every batch-ms
        for (int i = 0; i < 100; i++) {
            buffer.add(outcome("waiting-" + i));
        }
        WRITER_RELEASED.countDown();

        await().atMost(20, TimeUnit.SECONDS).until(() -> recorded.getReceivedCounter() >= 4);
        assertThat(recorded.getReceivedExchanges()).extracting(exchange -> batch(exchange.getProperty("osagoOutcomes")).size())
                .containsExactly(1, 40, 40, 20);
        assertThat(batch(recorded.getReceivedExchanges().get(1).getProperty("osagoOutcomes")).get(0).call().requestId())
                .isEqualTo("waiting-0");
        assertThat(buffer.isEmpty()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static List<CallOutcome> batch(Object property) {
        return (List<CallOutcome>) property;
    }

    private static CallOutcome outcome(String requestId) {
        InsurerCall call = new InsurerCall(requestId, "bereza", InsurerCall.Operation.POLL, "ext-" + requestId, null, 2, 0,
                Instant.now().plusSeconds(60));
        return new CallOutcome(call, InsurerReply.pending(null), null, Instant.now());
    }
}
