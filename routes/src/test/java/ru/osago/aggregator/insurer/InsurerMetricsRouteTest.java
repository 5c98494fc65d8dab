package ru.osago.aggregator.insurer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import ru.osago.aggregator.state.RequestRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's Prometheus scrapes from the aggregator: per insurer, its calls by operation and
 * outcome with a latency histogram, how it ended for drivers, its breaker's state; and Camel's metrics
 * for each route. (Spring Boot's tests switch metric export off; it is switched on here.)
 */
@TestPropertySource(properties = "management.prometheus.metrics.export.enabled=true")
class InsurerMetricsRouteTest extends InsurerRouteTestSupport {

    private static final String INSURER = "bereza";

    @Autowired
    PrometheusMeterRegistry prometheus;

    @AfterEach
    void closeBreaker() {
        resilience.breaker(INSURER).reset();
    }

    @Test
    void declinedPollIsCountedAndTimedForItsInsurerAndShownAsItsResult() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-metrics");
        insurer(INSURER).answer(ScriptedInsurer.respond(200, "{\"status\":\"DECLINED\",\"reason\":\"no\"}"));

        send(poll(registration, INSURER, "ext-metrics", 2, 0));

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("osago_insurer_calls_seconds_count{insurer=\"bereza\",operation=\"poll\",outcome=\"declined\"} 1")
                .contains("osago_insurer_calls_seconds_bucket{insurer=\"bereza\",operation=\"poll\",outcome=\"declined\",le=")
                .contains("osago_insurer_results_total{insurer=\"bereza\",result=\"declined\"} 1")
                .contains("resilience4j_circuitbreaker_state{name=\"insurer-bereza\",state=\"closed\"} 1")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"insurer-bereza\"");
    }

    @Test
    void offerAfterTheDeadlineIsCountedAsALateOfferNotAsAnOffer() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(2));
        insurerHolds(registration, INSURER, "ext-late");
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> Instant.now().isAfter(registration.deadline()));
        completeOverdue();
        events().until(registration.requestId(), "COMPLETED", Duration.ofSeconds(WAIT_SECONDS));
        double offersBefore = count(prometheus.scrape(), "result=\"offer\"");
        insurer(INSURER).answer(ScriptedInsurer.respond(200,
                "{\"status\":\"OFFER\",\"offerId\":\"o-late\",\"premium\":5300.00,\"currency\":\"RUB\"}"));

        InsurerCall late = poll(registration, INSURER, "ext-late", 3, 0);
        send(new InsurerCall(late.requestId(), late.insurerId(), late.operation(), late.externalId(), late.applicationJson(),
                late.attempts(), late.failures(), Instant.now().plusSeconds(600), true));

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("osago_insurer_results_total{insurer=\"bereza\",result=\"late_offer\"} 1");
        assertThat(count(scrape, "result=\"offer\"")).isEqualTo(offersBefore);
    }

    /** bereza's osago_insurer_results_total for one result (0 while it has none). */
    private static double count(String scrape, String result) {
        return scrape.lines().filter(line -> line.startsWith("osago_insurer_results_total{insurer=\"bereza\"," + result))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void completedRequestRecordsItsTimeToFirstOfferAndToCompletedAndItsCalls() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(3));
        insurerHolds(registration, INSURER, "ext-offer");
        insurer(INSURER).answer(ScriptedInsurer.respond(200,
                "{\"status\":\"OFFER\",\"offerId\":\"o-1\",\"premium\":5100.00,\"currency\":\"RUB\"}"));
        send(poll(registration, INSURER, "ext-offer", 2, 0));
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> Instant.now().isAfter(registration.deadline()));

        completeOverdue();

        events().until(registration.requestId(), "COMPLETED", Duration.ofSeconds(WAIT_SECONDS));
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .containsPattern("osago_request_first_offer_seconds_count [1-9]")
                .containsPattern("osago_request_completed_seconds_count [1-9]")
                .containsPattern("osago_request_calls_count [1-9]")
                .contains("osago_request_completed_seconds_bucket{le=");
    }

    @Test
    void grafanaDashboardQueriesOnlyMetricsTheAggregatorExports() throws Exception {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        insurerHolds(registration, INSURER, "ext-dashboard");
        insurer(INSURER).answer(ScriptedInsurer.respond(200, "{\"status\":\"DECLINED\",\"reason\":\"no\"}"));
        send(poll(registration, INSURER, "ext-dashboard", 2, 0));
        // jvm_gc_pause appears once a collection's notification has reached its listener (on another thread)
        System.gc();
        await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .until(() -> Pattern.compile("(?m)^jvm_gc_pause_seconds_sum[{ ]").matcher(prometheus.scrape()).find());

        String dashboard = Files.readString(Path.of("deploy", "grafana", "osago-aggregator.json"));
        Set<String> queried = new TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:osago|resilience4j|jvm|camel)_[a-z0-9_]+)").matcher(dashboard);
        while (names.find()) {
            queried.add(names.group(1));
        }
        String scrape = prometheus.scrape();

        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(queried).allSatisfy(name ->
                assertThat(scrape).as("the scrape has " + name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void callsRefusedByTheOpenBreakerAreCountedAsUnavailableAndTheBreakerShownOpen() {
        RequestRegistry.Registration registration = register(Duration.ofSeconds(60));
        resilience.breaker(INSURER).transitionToOpenState();

        send(create(registration, INSURER));

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("osago_insurer_calls_seconds_count{insurer=\"bereza\",operation=\"create\",outcome=\"unavailable\"} 1")
                .contains("resilience4j_circuitbreaker_state{name=\"insurer-bereza\",state=\"open\"} 1")
                .containsPattern("resilience4j_circuitbreaker_not_permitted_calls_total\\{[^}]*name=\"insurer-bereza\"[^}]*} 1")
                .contains("osago_insurer_results_total{insurer=\"bereza\",result=\"failed\"} 1");
    }
}
