package ru.osago.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.osago.core.CoreAppTest;
import ru.osago.model.OsagoJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@CoreAppTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    @LocalServerPort
    int port;

    @Test
    void openApiDocumentDescribesSubmitSnapshotAndClientWithTheirOtherAnswers() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/openapi.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode post = doc.path("paths").path("/api/osago/requests").path("post");
        assertThat(post.path("responses").fieldNames()).toIterable().contains("202", "400", "429", "503");
        assertThat(post.path("parameters").findValuesAsText("name")).contains("X-User-Id");
        JsonNode snapshot = doc.path("paths").path("/api/osago/requests/{id}").path("get");
        assertThat(snapshot.path("responses").fieldNames()).toIterable().contains("200", "403", "404");
        assertThat(snapshot.path("parameters").findValuesAsText("name")).contains("id", "token");
        JsonNode client = doc.path("paths").path("/api/osago/client").path("get");
        assertThat(client.path("responses").fieldNames()).toIterable().contains("200", "204");
    }
}
