package ru.osago.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Reads one value from core-app's Prometheus scrape, as a monitoring system would. */
public final class TestMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestMetrics() {
    }

    /**
     * The sum of the sample lines of {@code name} (e.g. {@code osago_core_requests_refused_total}) that carry every
     * one of {@code labels} (e.g. {@code status="429"}); 0 when there is none.
     */
    public static double value(int port, String name, String... labels) throws Exception {
        // metrics are for operators (HTTP Basic): the read user's local default
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        String scrape = response.body();
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
