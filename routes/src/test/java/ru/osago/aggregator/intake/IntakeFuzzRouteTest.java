package ru.osago.aggregator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
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
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.fuzz.HostileInputs;
import ru.osago.model.OsagoJson;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 300 generated, mutated and hostile rq.queue messages (text and bytes bodies, odd headers) through the real
 * intake route with its broker edges mocked, as {@link IntakeRouteTest} runs it, on the real state table.
 * Each ends stored (and ACCEPTED), or on rq.dlq with an {@code OsagoRejectReason} (and REJECTED when its request id is
 * usable). None throws back to the JMS consumer: that would roll back, and the broker would redeliver it five
 * times and dead-letter it with no reason, which is how the StackOverflowError request was lost.
 */
@CamelSpringBootTest
// not the broker's 5: the last delivery is the configured one, not a constant
@SpringBootTest(properties = "osago.intake.max-deliveries=3")
@UseAdviceWith
@DirtiesContext
class IntakeFuzzRouteTest extends AggregatorTestSupport {

    private static final long SEED = 4242L;
    private static final int CASES = 300;
    private final ObjectMapper json = OsagoJson.mapper();

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @EndpointInject("mock:jms:queue:rs.queue")
    MockEndpoint events;
    @EndpointInject("mock:jms:queue:rq.dlq")
    MockEndpoint deadLetters;

    @BeforeEach
    void adviseIntakeOnce() throws Exception {
        if (camel.isStarted()) {
            MockEndpoint.resetMocks(camel);
            return;
        }
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.replaceFromWith("direct:offer-poller-off"));
        AdviceWith.adviceWith(camel, "completion", route -> route.replaceFromWith("direct:completion-off"));
        AdviceWith.adviceWith(camel, "intake", route -> {
            route.replaceFromWith("direct:intake");
            route.mockEndpointsAndSkip("jms:queue:rs.queue", "jms:queue:rq.dlq");
        });
        camel.start();
    }

    /**
     * A failure that is not the request's fault (here a JMSTimestamp the provider would never set) rolls back for
     * a redelivery, and on the broker's last delivery (osago.intake.max-deliveries) goes to rq.dlq with the failure
     * as its reason, instead of being dead-lettered by the broker with none.
     */
    @Test
    void aFailureThatIsNotTheRequestsRollsBackThenIsDeadLetteredWithAReasonOnTheLastDelivery() throws Exception {
        String requestId = "last-delivery-" + new Random().nextInt(1_000_000);
        String body = json.writeValueAsString(ru.osago.model.SampleRequests.valid(requestId, "user-1", LocalDate.now(ZoneOffset.UTC)));

        Exchange second = producer.send("direct:intake", exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(Map.of("JMSCorrelationID", requestId, "JMSTimestamp", "yesterday",
                    "JMSXDeliveryCount", 2)));
        });
        Exchange last = producer.send("direct:intake", exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(Map.of("JMSCorrelationID", requestId, "JMSTimestamp", "yesterday",
                    "JMSXDeliveryCount", 3)));
        });

        assertThat(second.getException()).as("rolled back for a redelivery").isNotNull();
        assertThat(last.getException()).isNull();
        assertThat(deadLetters.getReceivedExchanges()).singleElement().satisfies(e -> {
            assertThat(e.getMessage().getHeader(IntakeRoute.REJECT_REASON, String.class)).startsWith("not processed in 3 deliveries: ");
            assertThat(e.getMessage().getBody(String.class)).isEqualTo(body);
        });
    }

    @Test
    void everyMessageEndsAcceptedOrDeadLetteredWithAReasonAndNoneRollsBack() throws Exception {
        HostileInputs inputs = new HostileInputs(SEED, LocalDate.now(ZoneOffset.UTC));
        Random random = new Random(SEED);
        List<String> thrown = new ArrayList<>();
        long accepted = 0;

        for (int i = 0; i < CASES; i++) {
            byte[] body = inputs.body();
            Object sent = random.nextBoolean() ? body : new String(body, StandardCharsets.UTF_8);
            Map<String, Object> headers = headers(random, i);
            Exchange done = producer.send("direct:intake", exchange -> {
                exchange.getMessage().setBody(sent);
                exchange.getMessage().setHeaders(new HashMap<>(headers));
            });
            if (done.getMessage().getBody() instanceof RequestRegistry.Registration) {
                accepted++;
            }
            if (done.getException() != null) {
                thrown.add("case " + i + ": " + done.getException().getClass().getName() + ": "
                        + String.valueOf(done.getException().getMessage()).lines().findFirst().orElse(""));
            }
        }

        assertThat(thrown).isEmpty();
        // ACCEPTED goes to the real broker with its batch (IntakeRouteTest reads it there): counted here as the
        // messages intake stored
        long rejected = events.getReceivedExchanges().stream().filter(e -> type(e).equals("REJECTED")).count();
        assertThat(accepted + deadLetters.getReceivedCounter()).isEqualTo(CASES);
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive().isLessThanOrEqualTo(deadLetters.getReceivedCounter());
        assertThat(deadLetters.getReceivedExchanges()).allSatisfy(e ->
                assertThat(e.getMessage().getHeader(IntakeRoute.REJECT_REASON, String.class)).isNotBlank().hasSizeLessThan(4_000));
    }

    /** The type of a reply-queue message's one event (an unreadable body fails the test). */
    private static String type(Exchange event) {
        List<JsonNode> pack = RequestEvents.eventsOf(event.getMessage().getBody(String.class));
        return pack.size() == 1 ? pack.get(0).path("type").asText() : "a pack of " + pack.size();
    }

    /** Any producer's headers; JMSTimestamp and JMSRedelivered as the JMS provider sets them, typed. */
    private static Map<String, Object> headers(Random random, int i) {
        return switch (random.nextInt(6)) {
            case 0 -> Map.of();
            case 1 -> Map.of("JMSCorrelationID", "c".repeat(10_000));
            case 2 -> Map.of("JMSCorrelationID", "fuzz-" + i, "OsagoValidatedAt", "yesterday", "JMSRedelivered", true);
            case 3 -> Map.of("JMSCorrelationID", "fuzz-" + i, "OsagoValidatedAt", Long.MIN_VALUE, "JMSTimestamp", -5L);
            default -> Map.of("JMSCorrelationID", "fuzz-" + i, "JMSTimestamp", System.currentTimeMillis());
        };
    }
}
