package ru.osago.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.osago.model.Driver;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A real HTTP client for the stubs, and the same sample request in both dialects. */
final class StubClient {

    static final ObjectMapper JSON = OsagoJson.mapper();
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;

    StubClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static QuoteRequest sampleRequest() {
        return SampleRequests.valid("req-1", "user-1", LocalDate.of(2026, 3, 1));
    }

    static String standardBody(QuoteRequest request) throws IOException {
        return JSON.writeValueAsString(request);
    }

    /** The v2 spelling of a QuoteRequest, as a correct aggregator mapping would produce it. */
    static String v2Body(QuoteRequest request) throws IOException {
        Map<String, Object> car = new LinkedHashMap<>();
        car.put("vin", request.vehicle().vin());
        car.put("regNumber", request.vehicle().plate());
        car.put("brand", request.vehicle().make());
        car.put("model", request.vehicle().model());
        car.put("releaseYear", request.vehicle().year());
        car.put("enginePower", request.vehicle().powerHp());
        car.put("category", request.vehicle().category());
        Map<String, Object> insurant = Map.of("surname", request.owner().lastName(), "name", request.owner().firstName(),
                "patronymic", request.owner().middleName(), "birthday", request.owner().birthDate().toString());
        List<Map<String, Object>> drivers = request.drivers().stream().map(StubClient::v2Driver).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("car", car);
        body.put("insurant", insurant);
        body.put("multidrive", request.unlimitedDrivers());
        body.put("drivers", drivers);
        body.put("startDate", request.policyStart().toString());
        return JSON.writeValueAsString(body);
    }

    private static Map<String, Object> v2Driver(Driver d) {
        return Map.of("surname", d.lastName(), "name", d.firstName(), "patronymic", d.middleName(),
                "birthday", d.birthDate().toString(),
                "license", Map.of("number", d.licenceNumber(), "issued", d.licenceIssued().toString()));
    }

    HttpResponse<String> post(String path, String idempotencyKey, String body) throws IOException, InterruptedException {
        return post(path, idempotencyKey, body, Map.of(), TIMEOUT);
    }

    HttpResponse<String> post(String path, String idempotencyKey, String body, Map<String, String> headers,
                              Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls every 50 ms until {@code done} holds, giving up after 10 s (a bound, not an expectation). */
    HttpResponse<String> pollUntil(String path, Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response = get(path);
        while (!done.test(response) && System.nanoTime() - giveUp < 0) {
            Thread.sleep(50);
            response = get(path);
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
