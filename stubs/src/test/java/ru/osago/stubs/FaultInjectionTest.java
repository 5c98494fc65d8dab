package ru.osago.stubs;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.osago.stubs.StubClient.JSON;
import static ru.osago.stubs.StubClient.json;
import static ru.osago.stubs.StubClient.sampleRequest;
import static ru.osago.stubs.StubClient.standardBody;

class FaultInjectionTest {

    private static final String CREATE = "/osago/applications";

    private InsurerStubs stubs;

    private StubClient start(StubConfig config) {
        stubs = InsurerStubs.start(List.of(config));
        return new StubClient(stubs.baseUrl(config.id()));
    }

    private static StubConfig bereza() {
        return StubConfig.of("bereza", Dialect.STANDARD, 0);
    }

    @AfterEach
    void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    @Test
    void errorRateOneAnswersEveryCallWith500AndJson() throws Exception {
        StubClient client = start(bereza().withErrorRate(1.0));

        HttpResponse<String> post = client.post(CREATE, "key-1", standardBody(sampleRequest()));
        HttpResponse<String> get = client.get(CREATE + "/any/offer");

        assertThat(post.statusCode()).isEqualTo(500);
        assertThat(get.statusCode()).isEqualTo(500);
        assertThat(json(post).get("error").asText()).isNotBlank();
        assertThat(stubs.stats("bereza").errors()).isEqualTo(2);
    }

    @Test
    void throttleRateOneAnswers429WithRetryAfterAndCreatesNothing() throws Exception {
        StubClient client = start(bereza().withThrottleRate(1.0));

        HttpResponse<String> response = client.post(CREATE, "key-1", standardBody(sampleRequest()));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stubs.stats("bereza").applicationsCreated()).isZero();
    }

    @Test
    void malformedRateOneAnswers200WithABodyThatIsNotJson() throws Exception {
        StubClient client = start(bereza().withMalformedRate(1.0));

        HttpResponse<String> response = client.post(CREATE, "key-1", standardBody(sampleRequest()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void hangRateOneHoldsTheCallUntilTheClientGivesUp() throws Exception {
        StubClient client = start(bereza().withHangRate(1.0));

        assertThatThrownBy(() -> client.post(CREATE, "key-1", standardBody(sampleRequest()), Map.of(),
                Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(stubs.stats("bereza").hangs()).isEqualTo(1);
        assertThat(stubs.stats("bereza").applicationsCreated()).isEqualTo(1);
    }

    @Test
    void resetRateOneClosesTheConnectionWithoutAnswer() throws Exception {
        StubClient client = start(bereza().withResetRate(1.0));

        assertThatThrownBy(() -> client.post(CREATE, "key-1", standardBody(sampleRequest())))
                .isInstanceOf(IOException.class);
        assertThat(stubs.stats("bereza").resets()).isEqualTo(1);
    }

    @Test
    void apiKeyIsEnforced() throws Exception {
        StubClient client = start(bereza().withApiKey("s3cret"));
        String body = standardBody(sampleRequest());

        HttpResponse<String> without = client.post(CREATE, "key-1", body);
        HttpResponse<String> wrong = client.post(CREATE, "key-1", body, Map.of("X-Api-Key", "nope"),
                StubClient.TIMEOUT);
        HttpResponse<String> right = client.post(CREATE, "key-1", body, Map.of("X-Api-Key", "s3cret"),
                StubClient.TIMEOUT);

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(201);
        assertThat(stubs.stats("bereza").unauthorized()).isEqualTo(2);
    }
}
