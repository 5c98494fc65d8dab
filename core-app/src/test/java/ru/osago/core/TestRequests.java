package ru.osago.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;

/** A valid quote request POSTed to core-app as the page sends it: without the ids, which core-app gives itself. */
public final class TestRequests {

    private TestRequests() {
    }

    /** As an anonymous driver. */
    public static HttpResponse<String> post(HttpClient http, int port) throws Exception {
        return http.send(request(port).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the signed-in {@code user}. */
    public static HttpResponse<String> post(HttpClient http, int port, String user) throws Exception {
        return http.send(request(port).header("X-User-Id", user).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port) {
        ObjectNode body = OsagoJson.mapper().valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        body.remove("requestId");
        body.remove("userId");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/osago/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }
}
