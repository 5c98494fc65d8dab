package ru.osago.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.stubs.StubClient.json;

class ClientInfoStubTest {

    @Test
    void answersTheSameClientDataForTheSameUser() throws Exception {
        StubConfig config = StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withDelayMs(20, 20);
        try (InsurerStubs stubs = InsurerStubs.start(List.of(config))) {
            StubClient client = new StubClient(stubs.baseUrl("client-info"));

            HttpResponse<String> first = client.get("/clients/user-42");
            HttpResponse<String> second = client.get("/clients/user-42");

            assertThat(first.statusCode()).isEqualTo(200);
            JsonNode info = json(first);
            assertThat(info.get("userId").asText()).isEqualTo("user-42");
            assertThat(info.get("fullName").asText()).isNotBlank();
            assertThat(info.get("phone").asText()).startsWith("+7 9");
            assertThat(info.get("kbm").asDouble()).isEqualTo(1.0);
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(stubs.stats("client-info").gets()).isEqualTo(2);
        }
    }

    @Test
    void errorRateOneAnswers500() throws Exception {
        StubConfig config = StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withErrorRate(1.0);
        try (InsurerStubs stubs = InsurerStubs.start(List.of(config))) {
            assertThat(new StubClient(stubs.baseUrl("client-info")).get("/clients/u1").statusCode()).isEqualTo(500);
        }
    }
}
