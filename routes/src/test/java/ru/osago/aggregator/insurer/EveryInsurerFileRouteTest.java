package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.model.OsagoJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in {@code route-config-yaml/insurers/} (found when the test runs, so a new insurer is
 * tested without anyone writing a test) goes through its YAML route: the request reaches the
 * insurer in its own dialect with the idempotency key, and its offer, answered in its own dialect
 * and unit, is recorded as an OFFER in roubles. A disabled file gets no route and no traffic.
 */
class EveryInsurerFileRouteTest extends InsurerRouteTestSupport {

    private static final BigDecimal PREMIUM_ROUBLES = new BigDecimal("8123.40");
    private final ObjectMapper json = OsagoJson.mapper();

    static List<Path> insurerFiles() {
        return InsurerFilesUnderTest.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("insurerFiles")
    void insurerFileGetsItsOwnRouteOrNoTrafficWhenDisabled(Path file) throws Exception {
        String id = new YAMLMapper().readTree(file.toFile()).path("id").asText();
        InsurerSettings settings = catalog.settings(id);
        if (settings.enabled()) {
            createThenOfferInTheInsurersDialect(settings);
        } else {
            disabledInsurerGetsNoRouteAndNoTraffic(id);
        }
    }

    private void createThenOfferInTheInsurersDialect(InsurerSettings settings) throws IOException {
        String id = settings.id();
        assertThat(camel.getRoute("insurer-" + id)).as("route of %s", id).isNotNull();
        DialectAnswers dialect = new DialectAnswers(settings.api());
        Instant validUntil = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        insurer(id).answer(request -> ScriptedInsurer.respond(200, "POST".equals(request.method())
                ? dialect.created("ext-" + id) : dialect.offer("offer-" + id, PREMIUM_ROUBLES, validUntil)).to(request));
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));

        InsurerReply created = send(create(registration, id));
        InsurerReply offered = send(poll(registration, id, created.externalId(), 2, 0));

        assertThat(created.kind()).isEqualTo(InsurerReply.Kind.CREATED);
        assertThat(created.externalId()).isEqualTo("ext-" + id);
        List<ScriptedInsurer.Request> requests = insurer(id).received();
        assertThat(requests).hasSize(2);
        ScriptedInsurer.Request post = requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo(settings.api().createPath());
        assertThat(post.headers()).containsEntry("Idempotency-Key", registration.requestId() + ":" + id);
        assertBodyUsesTheInsurersFieldNames(settings.api(), json.readTree(registration.applicationJson()), json.readTree(post.body()));
        ScriptedInsurer.Request get = requests.get(1);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(settings.api().offerPath().replace("{id}", "ext-" + id));

        assertThat(offered.kind()).isEqualTo(InsurerReply.Kind.OFFER);
        assertThat(offered.offer().premium()).isEqualByComparingTo(PREMIUM_ROUBLES);
        Map<String, Object> row = row(registration.requestId(), id);
        assertThat(row.get("status")).isEqualTo("COMPLETED");
        assertThat(row.get("external_id")).isEqualTo("ext-" + id);
        assertThat((BigDecimal) row.get("premium")).isEqualByComparingTo(PREMIUM_ROUBLES);
        List<JsonNode> events = events().until(registration.requestId(), "OFFER", Duration.ofSeconds(WAIT_SECONDS));
        JsonNode offer = events.get(events.size() - 1);
        assertThat(offer.path("insurer").asText()).isEqualTo(id);
        assertThat(offer.path("insurerName").asText()).isEqualTo(settings.name());
        assertThat(offer.path("premium").decimalValue()).isEqualByComparingTo(PREMIUM_ROUBLES);
        assertThat(offer.path("offerId").asText()).isEqualTo("offer-" + id);
        assertThat(Instant.parse(offer.path("validUntil").asText())).isEqualTo(validUntil);
    }

    /**
     * Standard dialect: our application as it is. Mapped dialect: each of the insurer's fields holds the
     * value of ours it maps, and none of our own top-level names is sent.
     */
    private static void assertBodyUsesTheInsurersFieldNames(InsurerSettings.Api api, JsonNode application, JsonNode body) {
        if (api.request().isEmpty()) {
            assertThat(body).isEqualTo(application);
            return;
        }
        api.request().forEach((theirs, ours) -> assertThat(body.at(firstElement(theirs)))
                .as("%s <- %s", theirs, ours).isEqualTo(application.at(firstElement(ours))));
        Set<String> topLevel = api.request().keySet().stream()
                .map(pointer -> pointer.substring(1).split("[/\\[]")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(StreamSupport.stream(((Iterable<String>) body::fieldNames).spliterator(), false).toList())
                .containsExactlyInAnyOrderElementsOf(topLevel);
    }

    private static String firstElement(String pointer) {
        return pointer.replace("[]", "/0");
    }

    private void disabledInsurerGetsNoRouteAndNoTraffic(String id) {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));

        assertThat(camel.getRoute("insurer-" + id)).isNull();
        assertThat(catalog.enabled()).extracting(ref -> ref.id()).doesNotContain(id);
        assertThat(registration.insurers()).extracting(ref -> ref.id()).doesNotContain(id);
        assertThat(insurersWithRows(registration.requestId())).doesNotContain(id).isNotEmpty();
        JsonNode accepted = events().until(registration.requestId(), "ACCEPTED", Duration.ofSeconds(WAIT_SECONDS)).get(0);
        assertThat(accepted.path("insurers").findValuesAsText("id")).doesNotContain(id);
    }
}
