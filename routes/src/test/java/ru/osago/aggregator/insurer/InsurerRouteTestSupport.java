package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import ru.osago.aggregator.state.QuoteLedger;
import ru.osago.aggregator.support.RequestEvents;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-insurer YAML routes on the real state table and broker, with each insurer's HTTP step
 * replaced by a {@link ScriptedInsurer} (weaveById {@code insurer-<id>-http}) and the reply handed to
 * {@code record-outcome} copied to {@code mock:insurer-<id>-reply} (weaveById {@code insurer-<id>-record});
 * {@code mock:insurer-<id>-recorded} after it says the outcome is stored and its event sent.
 * The offer poller is switched off: each test makes its calls itself, so rows keep the next poll time
 * the route gave them.
 */
@CamelSpringBootTest
@SpringBootTest
@UseAdviceWith
@DirtiesContext
abstract class InsurerRouteTestSupport {

    static final long WAIT_SECONDS = 20;

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", TestBroker::url);
        registry.add("osago.db-schema", TestDatabase::schema);
        registry.add("osago.insurers-dir", () -> InsurerFilesUnderTest.dir().toString());
        registry.add("server.port", () -> "0");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    QuoteLedger ledger;
    @Autowired
    InsurerCatalog catalog;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    /** Requests this test registered: removed after it. */
    private final List<String> registered = new ArrayList<>();

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "offer-poller", route -> route.replaceFromWith("direct:offer-poller-off"));
        for (InsurerSettings insurer : catalog.enabledSettings()) {
            ScriptedInsurer scripted = new ScriptedInsurer();
            camel.getRegistry().bind(scriptedName(insurer.id()), scripted);
            nameNodesAfterTheInsurer(insurer.id());
            AdviceWith.adviceWith(camel, "insurer-" + insurer.id(), route -> {
                route.weaveById("insurer-" + insurer.id() + "-http").replace().process(scripted);
                route.weaveById("insurer-" + insurer.id() + "-record").before().to("mock:insurer-" + insurer.id() + "-reply");
                route.weaveById("insurer-" + insurer.id() + "-record").after().to("mock:insurer-" + insurer.id() + "-recorded");
            });
        }
        camel.start();
    }

    /**
     * The model of a route made from a template keeps the template's node ids as written
     * ({@code insurer-{{insurerId}}-http}), so AdviceWith cannot find {@code insurer-bereza-http}.
     * Filling the placeholder in here lets it find each insurer's nodes by their real ids.
     */
    private void nameNodesAfterTheInsurer(String insurerId) {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("insurer-" + insurerId);
        for (ProcessorDefinition<?> node : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessorDefinition.class)) {
            if (node.getId() != null) {
                node.setId(node.getId().replace("{{insurerId}}", insurerId));
            }
        }
    }

    @AfterEach
    void resetInsurers() {
        MockEndpoint.resetMocks(camel);
        catalog.enabledSettings().forEach(insurer -> insurer(insurer.id()).reset());
    }

    /**
     * The schema is shared with the other route test classes, whose pollers and deadline sweepers run
     * (and some count every event their context sends): what this test stored is removed, so none of
     * them ever claims its rows or completes its requests.
     */
    @AfterEach
    void removeWhatThisTestStored() {
        if (!registered.isEmpty()) {
            jdbc.update("delete from quote_request where request_id in (:ids)", Map.of("ids", registered));
        }
    }

    ScriptedInsurer insurer(String insurerId) {
        return camel.getRegistry().lookupByNameAndType(scriptedName(insurerId), ScriptedInsurer.class);
    }

    /** A new request in the state table (ACCEPTED published), as intake leaves it. */
    QuoteLedger.Registration register(Duration deadlineAfter) {
        String requestId = UUID.randomUUID().toString();
        QuoteRequest request = SampleRequests.valid(requestId, "route-test", LocalDate.now());
        try {
            registered.add(requestId);
            return ledger.register(request, OsagoJson.mapper().writeValueAsString(request), false, deadlineAfter, Duration.ofMinutes(5));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first call of a request to an insurer, as the fan-out sends it. */
    static InsurerCall create(QuoteLedger.Registration registration, String insurerId) {
        return new InsurerCall(registration.requestId(), insurerId, InsurerCall.Operation.CREATE, null,
                registration.applicationJson(), 1, 0, registration.deadline());
    }

    /** A later call asking for the offer, as the poller sends it. */
    static InsurerCall poll(QuoteLedger.Registration registration, String insurerId, String externalId, int attempts, int failures) {
        return new InsurerCall(registration.requestId(), insurerId, InsurerCall.Operation.POLL, externalId,
                null, attempts, failures, registration.deadline());
    }

    /** Drops the call on the insurer's queue and waits until its route has recorded the outcome. */
    InsurerReply send(InsurerCall call) {
        MockEndpoint replies = camel.getEndpoint("mock:insurer-" + call.insurerId() + "-reply", MockEndpoint.class);
        MockEndpoint recorded = camel.getEndpoint("mock:insurer-" + call.insurerId() + "-recorded", MockEndpoint.class);
        int before = recorded.getReceivedCounter();
        producer.send("seda:insurer-" + call.insurerId(), exchange -> exchange.setProperty(InsurerCall.PROPERTY, call));
        await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> recorded.getReceivedCounter() > before);
        assertThat(recorded.getReceivedCounter()).isEqualTo(before + 1);
        return replies.getReceivedExchanges().get(before).getMessage().getBody(InsurerReply.class);
    }

    /** The insurer's row of the request in the state table. */
    Map<String, Object> row(String requestId, String insurerId) {
        return jdbc.queryForMap("select * from insurer_quote where request_id = :requestId and insurer_id = :insurerId",
                Map.of("requestId", requestId, "insurerId", insurerId));
    }

    List<String> insurersWithRows(String requestId) {
        return jdbc.queryForList("select insurer_id from insurer_quote where request_id = :requestId order by insurer_id",
                Map.of("requestId", requestId), String.class);
    }

    RequestEvents events() {
        return new RequestEvents(connectionFactory, "rs.queue");
    }

    private static String scriptedName(String insurerId) {
        return "scripted-insurer-" + insurerId;
    }
}
