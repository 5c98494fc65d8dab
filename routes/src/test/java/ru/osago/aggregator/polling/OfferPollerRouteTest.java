package ru.osago.aggregator.polling;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.state.QuoteLedger;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.model.SampleRequests;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timer-driven polling loop over the real state table, with the insurers' queues mocked: due rows
 * are claimed once (their lease holds them), CREATED rows get a CREATE call with the application,
 * IN_PROGRESS rows a POLL with the insurer's id, and rows past their deadline none.
 */
@CamelSpringBootTest
@SpringBootTest(properties = "osago.polling.period-ms=50")
@UseAdviceWith
@DirtiesContext
class OfferPollerRouteTest extends AggregatorTestSupport {

    private static final List<String> INSURERS = List.of("bereza", "dobrynya", "enisey", "garant", "volga");

    @Autowired
    CamelContext camel;
    @Autowired
    QuoteLedger ledger;

    @BeforeEach
    void advisePollerOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.mockEndpointsAndSkip("seda:insurer-*"));
        camel.start();
    }

    @AfterEach
    void resetMocks() {
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void rowsLeftCreatedAreClaimedOnceAndGetTheirCreateCall() throws Exception {
        String requestId = UUID.randomUUID().toString();
        for (String insurer : INSURERS) {
            queue(insurer).expectedMessageCount(1);
            queue(insurer).setAssertPeriod(500);
        }

        // a zero create lease: as if the fan-out after intake never happened (a crash)
        register(requestId, Duration.ofSeconds(60));

        MockEndpoint.assertIsSatisfied(camel);
        for (String insurer : INSURERS) {
            InsurerCall call = onlyCallFor(insurer, requestId);
            assertThat(call.operation()).isEqualTo(InsurerCall.Operation.CREATE);
            assertThat(call.applicationJson()).contains(requestId).contains("XTA219010K0123456");
            assertThat(call.attempts()).isEqualTo(2);
        }
    }

    @Test
    void inProgressRowIsPolledWithTheInsurersId() throws Exception {
        String requestId = UUID.randomUUID().toString();
        register(requestId, Duration.ofSeconds(60));
        queue("bereza").expectedMinimumMessageCount(1);
        queue("bereza").assertIsSatisfied();
        MockEndpoint.resetMocks(camel);
        queue("bereza").expectedMessageCount(1);

        ledger.recordCreated(requestId, "bereza", "ext-42", Instant.now());

        queue("bereza").assertIsSatisfied();
        InsurerCall call = onlyCallFor("bereza", requestId);
        assertThat(call.operation()).isEqualTo(InsurerCall.Operation.POLL);
        assertThat(call.externalId()).isEqualTo("ext-42");
        assertThat(call.applicationJson()).isNull();
    }

    @Test
    void rowsPastTheirDeadlineAreNotClaimed() throws Exception {
        String requestId = UUID.randomUUID().toString();
        queue("bereza").setAssertPeriod(500);
        queue("bereza").expectedMessageCount(0);

        register(requestId, Duration.ZERO);

        queue("bereza").assertIsSatisfied();
    }

    private void register(String requestId, Duration deadlineAfter) {
        var request = SampleRequests.valid(requestId, "user-poller", LocalDate.now());
        ledger.register(request, "{\"requestId\":\"" + requestId + "\",\"vehicle\":{\"vin\":\"XTA219010K0123456\"}}",
                false, deadlineAfter, Duration.ZERO);
    }

    private InsurerCall onlyCallFor(String insurer, String requestId) {
        List<InsurerCall> calls = queue(insurer).getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(InsurerCall.class))
                .filter(c -> c.requestId().equals(requestId)).toList();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private MockEndpoint queue(String insurer) {
        return camel.getEndpoint("mock:seda:insurer-" + insurer, MockEndpoint.class);
    }
}
