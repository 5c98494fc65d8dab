package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.security.core.userdetails.UserDetailsService;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.Operators;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' API over real HTTP, with Spring Security in front: who may look and who may act, the control
 * actions and their audit, and what every instance does with them (the insurer-control route, run by hand here):
 * a switched-off insurer gets no calls and is not asked for new requests, a breaker forced open and released.
 * The overview merges the samples of several instances (the insurer-samples route, also run by hand).
 */
// an instance id of its own: other test contexts of this JVM (host name and process id by default) write breaker rows too
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "osago.instance-id=operator-api-test")
class OperatorApiRouteTest extends InsurerRouteTestSupport {

    private static final String INSURER = "bereza";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    UserDetailsService operators;

    @AfterEach
    void switchEverythingBackOn() {
        jdbc.update("delete from insurer_control", Map.of());
        jdbc.update("delete from insurer_sample where instance_id like 'test-%'", Map.of());
        jdbc.update("delete from insurer_breaker where instance_id like 'test-%'", Map.of());
        obey();
    }

    @Test
    void withoutCredentialsEverythingButHealthIsRefused() throws Exception {
        for (String path : List.of("/osago/insurers", "/osago/insurers/audit", "/osago/requests/some-id",
                "/osago/requests/some-id/exchanges", "/actuator/prometheus", "/actuator/metrics", "/actuator/info",
                "/operator.html")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> wrongPassword = http.send(HttpRequest.newBuilder(uri("/osago/insurers"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:wrong".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(post("/osago/insurers/" + INSURER + "/disable", null, "{\"reason\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aReadOnlyOperatorMayLookButNotAct() throws Exception {
        assertThat(get("/osago/insurers", Operators.VIEWER).statusCode()).isEqualTo(200);
        assertThat(get("/osago/requests/no-such-request", Operators.VIEWER).statusCode()).isEqualTo(404);
        assertThat(get("/operator.html", Operators.VIEWER).statusCode()).isEqualTo(200);

        String reason = "viewer tries " + UUID.randomUUID();
        for (String action : List.of("disable", "enable", "breaker/open", "breaker/release")) {
            HttpResponse<String> refused = post("/osago/insurers/" + INSURER + "/" + action, Operators.VIEWER,
                    "{\"reason\":\"" + reason + "\"}");
            assertThat(refused.statusCode()).as(action).isEqualTo(403);
        }
        assertThat(get("/osago/insurers/audit", Operators.VIEWER).body()).doesNotContain(reason);
        assertThat(jdbc.queryForList("select * from insurer_control", Map.of())).isEmpty();
    }

    /** Spring Security re-encodes such a password with bcrypt after a sign-in, unless it cannot update it. */
    @Test
    void aPasswordGivenAsWrittenStaysSoAfterSignInsAndCostsNoBcryptCheck() throws Exception {
        assertThat(get("/osago/insurers", Operators.VIEWER).statusCode()).isEqualTo(200);
        assertThat(get("/osago/insurers", Operators.VIEWER).statusCode()).isEqualTo(200);

        assertThat(operators.loadUserByUsername(Operators.VIEWER).getPassword()).isEqualTo("{noop}" + Operators.VIEWER);
    }

    @Test
    void anActionNeedsAReasonInAJsonBody() throws Exception {
        HttpResponse<String> noReason = post("/osago/insurers/" + INSURER + "/disable", Operators.OPERATOR, "{}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).path("errors").get(0).path("field").asText()).isEqualTo("reason");

        HttpResponse<String> blank = post("/osago/insurers/" + INSURER + "/breaker/open", Operators.OPERATOR, "{\"reason\":\"  \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(json(blank).path("errors").get(0).path("field").asText()).isEqualTo("reason");

        HttpResponse<String> notJson = post("/osago/insurers/" + INSURER + "/disable", Operators.OPERATOR, "reason: none");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("errors").doesNotContain("Exception");

        HttpResponse<String> form = http.send(Operators.as(Operators.OPERATOR, HttpRequest.newBuilder(uri("/osago/insurers/" + INSURER + "/disable")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=csrf")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);

        assertThat(post("/osago/insurers/no-such-insurer/disable", Operators.OPERATOR, "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/osago/insurers/" + INSURER + "/pause", Operators.OPERATOR, "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForList("select * from insurer_control", Map.of())).isEmpty();
    }

    @Test
    void aSwitchedOffInsurerGetsNoCallsAndNewRequestsDoNotAskItThenItIsBackOn() throws Exception {
        RequestRegistry.Registration before = register(Duration.ofSeconds(60));
        String reason = "planned maintenance " + UUID.randomUUID();

        HttpResponse<String> disabled = post("/osago/insurers/" + INSURER + "/disable", Operators.OPERATOR,
                "{\"reason\":\"" + reason + "\"}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.headers().map()).doesNotContainKeys("Authorization", "authorization", "X-Osago-Operator");
        obey();

        InsurerReply reply = send(create(before, INSURER));
        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.UNAVAILABLE);
        assertThat(reply.reason()).contains("switched off by an operator");
        assertThat(insurer(INSURER).received()).isEmpty();
        RequestRegistry.Registration after = register(Duration.ofSeconds(60));
        assertThat(insurersWithRows(after.requestId())).isNotEmpty().doesNotContain(INSURER);
        JsonNode shown = insurerIn(get("/osago/insurers", Operators.VIEWER), INSURER);
        assertThat(shown.path("enabled").asBoolean()).isFalse();
        assertThat(shown.path("changedBy").asText()).isEqualTo(Operators.OPERATOR);
        // a client's own operator header is no way to sign the audit
        assertThat(http.send(Operators.as(Operators.OPERATOR, HttpRequest.newBuilder(uri("/osago/insurers/volga/breaker/release")))
                .header("Content-Type", "application/json").header("X-Osago-Operator", "somebody-else")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"spoof\"}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(json(get("/osago/insurers/audit", Operators.VIEWER)).get(0).path("operator").asText()).isEqualTo(Operators.OPERATOR);

        JsonNode audit = json(get("/osago/insurers/audit", Operators.VIEWER)).get(1);
        assertThat(audit.path("operator").asText()).isEqualTo(Operators.OPERATOR);
        assertThat(audit.path("insurer").asText()).isEqualTo(INSURER);
        assertThat(audit.path("action").asText()).isEqualTo("disable");
        assertThat(audit.path("reason").asText()).isEqualTo(reason);

        assertThat(post("/osago/insurers/" + INSURER + "/enable", Operators.OPERATOR, "{\"reason\":\"maintenance over\"}")
                .statusCode()).isEqualTo(200);
        obey();
        assertThat(insurersWithRows(register(Duration.ofSeconds(60)).requestId())).contains(INSURER);
    }

    @Test
    void theLastInsurerThatGetsTrafficCannotBeSwitchedOff() throws Exception {
        List<String> insurers = catalog.enabledSettings().stream().map(InsurerSettings::id).toList();
        for (String id : insurers.subList(1, insurers.size())) {
            assertThat(post("/osago/insurers/" + id + "/disable", Operators.OPERATOR, "{\"reason\":\"drill\"}").statusCode())
                    .as(id).isEqualTo(200);
        }
        HttpResponse<String> last = post("/osago/insurers/" + insurers.get(0) + "/disable", Operators.OPERATOR, "{\"reason\":\"drill\"}");
        assertThat(last.statusCode()).isEqualTo(409);
    }

    @Test
    void aBreakerForcedOpenRefusesCallsOnEveryInstanceUntilReleased() throws Exception {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        assertThat(post("/osago/insurers/" + INSURER + "/breaker/open", Operators.OPERATOR, "{\"reason\":\"insurer asked us to stop\"}")
                .statusCode()).isEqualTo(200);
        obey();
        assertThat(resilience.breaker(INSURER).getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(send(create(registration, INSURER)).kind()).isEqualTo(InsurerReply.Kind.UNAVAILABLE);
        sample();
        JsonNode breaker = insurerIn(get("/osago/insurers", Operators.VIEWER), INSURER).path("breaker");
        assertThat(breaker.path("state").asText()).isEqualTo("FORCED_OPEN");
        assertThat(breaker.path("forcedOpen").asBoolean()).isTrue();

        assertThat(post("/osago/insurers/" + INSURER + "/breaker/release", Operators.OPERATOR, "{\"reason\":\"they are back\"}")
                .statusCode()).isEqualTo(200);
        obey();
        assertThat(resilience.breaker(INSURER).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(json(get("/osago/insurers/audit", Operators.VIEWER)).get(0).path("action").asText()).isEqualTo("breaker-release");
    }

    @Test
    void theOverviewMergesEveryInstancesSamplesAndBreakers() throws Exception {
        String insurer = "volga";
        // only this test's samples of it (route test contexts of other classes write none while idle)
        jdbc.update("delete from insurer_sample where insurer_id = :insurer", Map.of("insurer", insurer));
        Instant now = Instant.now();
        // two other instances: 100 calls each, 90 % and 70 % answered, latencies in the 50-100 ms and 250-500 ms buckets
        sampleOf("test-a", insurer, now.minusSeconds(60), 100, 90, "{0,0,0,0,100,0,0,0,0,0,0,0,0}", null, null);
        sampleOf("test-b", insurer, now.minusSeconds(30), 100, 70, "{0,0,0,0,0,0,100,0,0,0,0,0,0}",
                "HTTP 503", now);
        // outside the window: not counted, but its error is older than the one above
        sampleOf("test-b", insurer, now.minus(Duration.ofMinutes(20)), 1000, 0, "{0,0,0,0,0,0,0,0,0,0,0,0,1000}",
                "old error", now.minus(Duration.ofMinutes(20)));
        jdbc.update("insert into insurer_breaker values (:insurer, 'test-b', 'OPEN', :at, :at)",
                Map.of("insurer", insurer, "at", Timestamp.from(now)));
        sample();

        JsonNode shown = insurerIn(get("/osago/insurers", Operators.VIEWER), insurer);
        assertThat(shown.path("calls").asLong()).isEqualTo(200);
        assertThat(shown.path("successRate").asDouble()).isEqualTo(0.8);
        assertThat(shown.path("p50Ms").asLong()).isEqualTo(100);
        assertThat(shown.path("p99Ms").asLong()).isBetween(250L, 500L);
        assertThat(shown.path("lastError").asText()).isEqualTo("HTTP 503");
        // the worst state of any live instance; other test contexts of this JVM may report theirs too
        assertThat(shown.path("breaker").path("state").asText()).isEqualTo("OPEN");
        assertThat(shown.path("breaker").path("states").path("OPEN").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(shown.path("breaker").path("states").path("CLOSED").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(shown.path("breaker").path("instances").findValuesAsText("instance")).contains("test-b", "operator-api-test");
        assertThat(shown.path("callsPerSecond").asDouble()).isPositive();
    }

    @Test
    void aCallOnThisInstanceReachesTheOverviewThroughItsSample() throws Exception {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, "garant", "ext-operator");
        insurer("garant").answer(ScriptedInsurer.respond(500, "{}"));
        long before = insurerIn(get("/osago/insurers", Operators.VIEWER), "garant").path("calls").asLong();

        send(poll(registration, "garant", "ext-operator", 2, 0));
        sample();

        JsonNode shown = insurerIn(get("/osago/insurers", Operators.VIEWER), "garant");
        assertThat(shown.path("calls").asLong()).isEqualTo(before + 1);
        assertThat(shown.path("lastError").asText()).contains("500");
        assertThat(shown.path("p50Ms").isNumber()).isTrue();
        assertThat(insurer("garant").received().get(0).headers()).containsEntry("X-Request-Id", registration.requestId());
    }

    private void sampleOf(String instance, String insurer, Instant at, int calls, int successes, String buckets,
                          String error, Instant errorAt) {
        jdbc.update("""
                insert into insurer_sample values (:at, :insurer, :instance, :calls, :successes, cast(:buckets as bigint[]),
                                                   :error, :errorAt)""",
                new MapSqlParameterSource()
                        .addValue("at", Timestamp.from(at)).addValue("insurer", insurer).addValue("instance", instance)
                        .addValue("calls", calls).addValue("successes", successes).addValue("buckets", buckets)
                        .addValue("error", error).addValue("errorAt", errorAt == null ? null : Timestamp.from(errorAt)));
    }

    /** What every instance's insurer-control tick does. */
    private void obey() {
        producer.sendBody("direct:insurer-control", null);
    }

    /** What every instance's insurer-samples tick does. */
    private void sample() {
        producer.sendBody("direct:insurer-samples", null);
    }

    private static JsonNode insurerIn(HttpResponse<String> overview, String insurer) throws Exception {
        assertThat(overview.statusCode()).isEqualTo(200);
        for (JsonNode node : json(overview).path("insurers")) {
            if (node.path("id").asText().equals(insurer)) {
                return node;
            }
        }
        throw new AssertionError("no " + insurer + " in " + overview.body());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return OsagoJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        return http.send(user == null ? request.build() : Operators.as(user, request).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(user == null ? request.build() : Operators.as(user, request).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
