package ru.osago.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.stubs.StubClient.json;
import static ru.osago.stubs.StubClient.sampleRequest;
import static ru.osago.stubs.StubClient.standardBody;
import static ru.osago.stubs.StubClient.v2Body;

class V2DialectTest {

    private static final String CREATE = "/api/v2/quotes";

    private InsurerStubs stubs;

    @AfterEach
    void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    private StubClient start(StubConfig... configs) {
        stubs = InsurerStubs.start(List.of(configs));
        return new StubClient(stubs.baseUrl(configs[0].id()));
    }

    @Test
    void standardShapedBodyIsRefused() throws Exception {
        StubClient client = start(StubConfig.of("garant", Dialect.V2, 0));

        HttpResponse<String> response = client.post(CREATE, "key-1", standardBody(sampleRequest()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).contains("Unrecognized field");
        assertThat(stubs.stats("garant").applicationsCreated()).isZero();
    }

    @Test
    void missingVinIsRefusedByName() throws Exception {
        StubClient client = start(StubConfig.of("garant", Dialect.V2, 0));
        String body = v2Body(sampleRequest()).replace("\"vin\":\"XTA219010K0123456\",", "");

        HttpResponse<String> response = client.post(CREATE, "key-1", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("car.vin is required");
    }

    @Test
    void missingIdempotencyKeyIsRefused() throws Exception {
        StubClient client = start(StubConfig.of("garant", Dialect.V2, 0));

        HttpResponse<String> response = client.post(CREATE, null, v2Body(sampleRequest()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("Idempotency-Key header is required");
    }

    @Test
    void quoteIsProcessingThenReadyAndRepeatedPostKeepsTheId() throws Exception {
        StubClient client = start(StubConfig.of("garant", Dialect.V2, 0).withDelayMs(200, 200));
        String body = v2Body(sampleRequest());
        HttpResponse<String> created = client.post(CREATE, "key-1", body);
        String quoteId = json(created).get("quoteId").asText();

        HttpResponse<String> again = client.post(CREATE, "key-1", body);
        HttpResponse<String> processing = client.get(CREATE + "/" + quoteId);
        HttpResponse<String> ready = client.pollUntil(CREATE + "/" + quoteId,
                r -> !r.body().contains("PROCESSING"));

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(json(again).get("quoteId").asText()).isEqualTo(quoteId);
        assertThat(stubs.stats("garant").applicationsCreated()).isEqualTo(1);
        assertThat(processing.statusCode()).isEqualTo(200);
        assertThat(json(processing).get("state").asText()).isEqualTo("PROCESSING");
        assertThat(processing.headers().firstValue("Retry-After")).isEmpty();
        JsonNode quote = json(ready);
        assertThat(quote.get("state").asText()).isEqualTo("READY");
        assertThat(quote.get("quoteId").asText()).isEqualTo(quoteId);
        assertThat(quote.get("priceKopecks").isIntegralNumber()).isTrue();
        assertThat(quote.get("expiresAt").asText()).isNotBlank();
    }

    @Test
    void rejectsEveryQuoteWhenDeclineRateIsOne() throws Exception {
        StubClient client = start(StubConfig.of("dobrynya", Dialect.V2, 0).withDeclineRate(1.0));
        String quoteId = json(client.post(CREATE, "key-1", v2Body(sampleRequest()))).get("quoteId").asText();

        JsonNode quote = json(client.get(CREATE + "/" + quoteId));

        assertThat(quote.get("state").asText()).isEqualTo("REJECTED");
        assertThat(quote.get("rejectReason").asText()).isNotBlank();
    }

    @Test
    void priceInKopecksIsTheStandardPremiumTimesHundred() throws Exception {
        StubClient v2 = start(StubConfig.of("garant", Dialect.V2, 0).withSeed(11),
                StubConfig.of("bereza", Dialect.STANDARD, 0).withSeed(11));
        StubClient standard = new StubClient(stubs.baseUrl("bereza"));

        String quoteId = json(v2.post(CREATE, "same-key", v2Body(sampleRequest()))).get("quoteId").asText();
        String applicationId = json(standard.post("/osago/applications", "same-key", standardBody(sampleRequest())))
                .get("applicationId").asText();
        long kopecks = json(v2.get(CREATE + "/" + quoteId)).get("priceKopecks").asLong();
        BigDecimal rub = json(standard.get("/osago/applications/" + applicationId + "/offer")).get("premium")
                .decimalValue();

        assertThat(BigDecimal.valueOf(kopecks)).isEqualByComparingTo(rub.movePointRight(2));
    }

    @Test
    void unknownQuoteIsNotFound() throws Exception {
        StubClient client = start(StubConfig.of("garant", Dialect.V2, 0));

        assertThat(client.get(CREATE + "/nope").statusCode()).isEqualTo(404);
    }
}
