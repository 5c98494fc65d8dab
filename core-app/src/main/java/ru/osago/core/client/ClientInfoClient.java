package ru.osago.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ExchangeProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET <osago.core.client-info.url>/clients/{userId}}, given up after {@code timeout-ms} in all (connect
 * and answer). The calling thread waits no longer than that; a late answer is dropped. Anything but a 200 with
 * a name is a failure the breaker counts.
 */
@Component
public class ClientInfoClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Duration timeout;

    ClientInfoClient(ObjectMapper mapper,
                     @Value("${osago.core.client-info.url}") String baseUrl,
                     @Value("${osago.core.client-info.breaker.timeout-ms}") long timeoutMs) {
        this.mapper = mapper;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public ClientInfo fetch(@ExchangeProperty(ClientInfoRoute.USER_ID) String userId) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + "/clients/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20"));
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("client-info gave no answer within " + timeout.toMillis() + " ms: " + uri);
        } catch (ExecutionException e) {
            throw new IOException("client-info call failed: " + e.getCause(), e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new IOException("client-info answered " + response.statusCode() + " for " + uri);
        }
        JsonNode body = mapper.readTree(response.body());
        if (!body.path("fullName").isTextual()) {
            throw new IOException("client-info sent no fullName for " + uri);
        }
        return new ClientInfo(body.path("fullName").asText(), body.path("kbm").isNumber() ? body.path("kbm").decimalValue() : null);
    }
}
