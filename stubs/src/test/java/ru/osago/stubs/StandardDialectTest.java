package ru.osago.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.stubs.StubClient.json;
import static ru.osago.stubs.StubClient.sampleRequest;
import static ru.osago.stubs.StubClient.standardBody;

class StandardDialectTest {

    private static final String CREATE = "/osago/applications";

    private InsurerStubs stubs;

    private StubClient start(StubConfig config) {
        stubs = InsurerStubs.start(List.of(config));
        return new StubClient(stubs.baseUrl(config.id()));
    }

    @AfterEach
    void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    @Test
    void repeatedPostWithSameKeyReturnsSameIdAndCreatesOneApplication() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        String body = standardBody(sampleRequest());

        HttpResponse<String> first = client.post(CREATE, "key-1", body);
        HttpResponse<String> second = client.post(CREATE, "key-1", body);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).get("applicationId").asText())
                .isEqualTo(json(first).get("applicationId").asText());
        StubStats stats = stubs.stats("bereza");
        assertThat(stats.posts()).isEqualTo(2);
        assertThat(stats.duplicatePosts()).isEqualTo(1);
        assertThat(stats.distinctIdempotencyKeys()).isEqualTo(1);
        assertThat(stats.applicationsCreated()).isEqualTo(1);
    }

    @Test
    void sameKeyWithDifferentRequestIsRefused() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        client.post(CREATE, "key-1", standardBody(sampleRequest()));

        String other = standardBody(sampleRequest().withVehicle(
                new ru.osago.model.Vehicle("XTA219010K0999999", "А123ВС77", "LADA", "Vesta", 2019, 106, "B")));
        HttpResponse<String> reused = client.post(CREATE, "key-1", other);

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(stubs.stats("bereza").applicationsCreated()).isEqualTo(1);
    }

    @Test
    void offerIsPendingUntilTheDelayThenReady() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0).withDelayMs(200, 200));
        String id = json(client.post(CREATE, "key-1", standardBody(sampleRequest()))).get("applicationId").asText();
        String offerPath = CREATE + "/" + id + "/offer";

        HttpResponse<String> pending = client.get(offerPath);
        HttpResponse<String> ready = client.pollUntil(offerPath, r -> r.statusCode() != 202);

        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(json(pending).get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode offer = json(ready);
        assertThat(offer.get("status").asText()).isEqualTo("OFFER");
        assertThat(offer.get("offerId").asText()).matches("BRZ-[0-9A-F]{8}");
        assertThat(offer.get("currency").asText()).isEqualTo("RUB");
        assertThat(offer.get("premium").decimalValue()).isPositive();
        assertThat(offer.get("premium").decimalValue().scale()).isLessThanOrEqualTo(2);
        assertThat(Instant.parse(offer.get("validUntil").asText())).isAfter(Instant.now().plusSeconds(2 * 86_400));
    }

    @Test
    void retryAfterSaysWhenTheOfferWillBeReadyHoweverFarAway() throws Exception {
        StubClient client = start(StubConfig.of("enisey", Dialect.STANDARD, 0).withDelayMs(65_000, 65_000));
        String id = json(client.post(CREATE, "key-1", standardBody(sampleRequest()))).get("applicationId").asText();

        HttpResponse<String> pending = client.get(CREATE + "/" + id + "/offer");

        assertThat(pending.statusCode()).isEqualTo(202);
        // 65 s after the POST, less the moments since: 65, or 64 on a machine slow to poll
        assertThat(Long.parseLong(pending.headers().firstValue("Retry-After").orElseThrow())).isBetween(64L, 65L);
    }

    @Test
    void postSaysWhenTheOfferWillBeReadyOnlyWhenConfiguredTo() throws Exception {
        StubClient hinting = start(StubConfig.of("volga", Dialect.STANDARD, 0).withDelayMs(4_000, 4_000).withRetryAfterOnCreate(true));
        HttpResponse<String> created = hinting.post(CREATE, "key-1", standardBody(sampleRequest()));
        HttpResponse<String> replayed = hinting.post(CREATE, "key-1", standardBody(sampleRequest()));
        stop();
        HttpResponse<String> silent = start(StubConfig.of("bereza", Dialect.STANDARD, 0).withDelayMs(4_000, 4_000))
                .post(CREATE, "key-1", standardBody(sampleRequest()));

        assertThat(created.statusCode()).isEqualTo(201);
        // 4 s after the POST, rounded up: 4, or 3 on a machine slow to answer
        assertThat(Long.parseLong(created.headers().firstValue("Retry-After").orElseThrow())).isBetween(3L, 4L);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.headers().firstValue("Retry-After")).isPresent();
        assertThat(silent.statusCode()).isEqualTo(201);
        assertThat(silent.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void retryAfterIsTheTimeLeftRoundedUpToWholeSecondsAndAtLeastOne() {
        assertThat(StandardDialectHandler.retryAfterSeconds(0)).isEqualTo(1);
        assertThat(StandardDialectHandler.retryAfterSeconds(200)).isEqualTo(1);
        assertThat(StandardDialectHandler.retryAfterSeconds(1000)).isEqualTo(1);
        assertThat(StandardDialectHandler.retryAfterSeconds(1001)).isEqualTo(2);
        assertThat(StandardDialectHandler.retryAfterSeconds(5001)).isEqualTo(6);
        assertThat(StandardDialectHandler.retryAfterSeconds(89_500)).isEqualTo(90);
    }

    @Test
    void declinesEveryApplicationWhenDeclineRateIsOne() throws Exception {
        StubClient client = start(StubConfig.of("volga", Dialect.STANDARD, 0).withDeclineRate(1.0));
        String id = json(client.post(CREATE, "key-1", standardBody(sampleRequest()))).get("applicationId").asText();

        HttpResponse<String> answer = client.pollUntil(CREATE + "/" + id + "/offer", r -> r.statusCode() != 202);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("status").asText()).isEqualTo("DECLINED");
        assertThat(json(answer).get("reason").asText()).isNotBlank();
    }

    @Test
    void sameSeedAndKeyGiveTheSameOutcomeOnAnotherStub() throws Exception {
        StubConfig config = StubConfig.of("bereza", Dialect.STANDARD, 0).withSeed(7);
        String body = standardBody(sampleRequest());
        JsonNode first;
        try (InsurerStubs one = InsurerStubs.start(List.of(config))) {
            StubClient client = new StubClient(one.baseUrl("bereza"));
            String id = json(client.post(CREATE, "key-7", body)).get("applicationId").asText();
            first = json(client.get(CREATE + "/" + id + "/offer"));
        }
        StubClient client = start(config);
        String id = json(client.post(CREATE, "key-7", body)).get("applicationId").asText();
        JsonNode second = json(client.get(CREATE + "/" + id + "/offer"));

        assertThat(second.get("offerId")).isEqualTo(first.get("offerId"));
        assertThat(second.get("premium").decimalValue()).isEqualByComparingTo(first.get("premium").decimalValue());
    }

    @Test
    void postWithoutIdempotencyKeyIsRefused() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0));

        HttpResponse<String> response = client.post(CREATE, null, standardBody(sampleRequest()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("Idempotency-Key header is required");
        assertThat(stubs.stats("bereza").applicationsCreated()).isZero();
    }

    @Test
    void postWithoutVinIsRefused() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        String body = standardBody(sampleRequest().withVehicle(
                new ru.osago.model.Vehicle(null, "А123ВС77", "LADA", "Vesta", 2019, 106, "B")));

        HttpResponse<String> response = client.post(CREATE, "key-1", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("vehicle.vin is required");
    }

    @Test
    void unknownApplicationIsNotFound() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0));

        HttpResponse<String> response = client.get(CREATE + "/nope/offer");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("unknown application");
    }

    @Test
    void healthAndStatsAnswer() throws Exception {
        StubClient client = start(StubConfig.of("bereza", Dialect.STANDARD, 0).withErrorRate(1.0));

        assertThat(client.get("/_health").statusCode()).isEqualTo(200);
        HttpResponse<String> stats = client.get("/_stats");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(json(stats).get("id").asText()).isEqualTo("bereza");
        assertThat(json(stats).get("applicationsCreated").asLong()).isZero();
    }
}
