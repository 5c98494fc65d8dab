package ru.osago.stubs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.osago.stubs.StubClient.json;

/** How the stubs' HTTP server treats connections and threads, whatever the dialect. */
class StubConnectionTest {

    private InsurerStubs stubs;

    @AfterEach
    void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    private int start(StubConfig config) {
        stubs = InsurerStubs.start(List.of(config));
        return stubs.port(config.id());
    }

    @Test
    void keepsTheConnectionOpenForTheNextCall() throws Exception {
        int port = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String first = call(socket, "GET /_health HTTP/1.1\r\nHost: x\r\n\r\n");
            String second = call(socket, "GET /_stats HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(first).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
            assertThat(second).startsWith("HTTP/1.1 200").contains("\"id\":\"bereza\"");
        }
    }

    @Test
    void closesTheConnectionWhenTheClientAsks() throws Exception {
        int port = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String answer = call(socket, "GET /_health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void delayedAnswersHoldNoThread() throws Exception {
        // one event-loop thread and 20 calls each held back 300 ms: together in ~300 ms, not 6 s in turn
        start(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withDelayMs(300, 300).withThreads(1));
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(stubs.baseUrl("client-info") + "/clients/u" + i))
                    .timeout(StubClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMs).isGreaterThanOrEqualTo(300).isLessThan(3000);
        assertThat(stubs.stats("client-info").gets()).isEqualTo(20);
    }

    @Test
    void aHungCallLeavesTheStubAnsweringAndIsReleasedOnClose() throws Exception {
        start(StubConfig.of("bereza", Dialect.STANDARD, 0).withHangRate(1.0).withThreads(1));
        StubClient client = new StubClient(stubs.baseUrl("bereza"));
        HttpClient http = HttpClient.newHttpClient();
        // a POST: the JDK client retries a GET whose connection closes before any byte, on a second
        // connection that races the stub's shutdown; the test is about the connection the stub held
        CompletableFuture<HttpResponse<String>> hung = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(stubs.baseUrl("bereza") + "/osago/applications"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        waitFor(() -> stubs.stats("bereza").hangs() == 1);

        assertThat(client.get("/_health").statusCode()).isEqualTo(200);
        assertThat(hung).isNotDone();

        stubs.close();
        assertThatThrownBy(() -> hung.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(stubs.stats("bereza").hangs()).isEqualTo(1);
        stubs = null;
    }

    @Test
    void refusesABodyOverTheLimitWith413() throws Exception {
        start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        StubClient client = new StubClient(stubs.baseUrl("bereza"));
        String huge = "{\"x\":\"" + "a".repeat(BodyLimit.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> response = client.post("/osago/applications", "key-1", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).contains("larger than");
        assertThat(stubs.stats("bereza").badRequests()).isEqualTo(1);
        assertThat(stubs.stats("bereza").posts()).isZero();
    }

    @Test
    void aPortInUseIsAnErrorAndTheStubsAlreadyStartedAreStopped() throws Exception {
        int port = start(StubConfig.of("bereza", Dialect.STANDARD, 0));
        List<StubConfig> clash = List.of(StubConfig.of("volga", Dialect.STANDARD, 0),
                StubConfig.of("garant", Dialect.V2, port));

        assertThatThrownBy(() -> InsurerStubs.start(clash)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("garant: cannot listen on port " + port);
        assertThat(new StubClient(stubs.baseUrl("bereza")).get("/_health").statusCode()).isEqualTo(200);
    }

    /** Writes one request and reads exactly one answer (headers, then Content-Length bytes). */
    private static String call(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - giveUp < 0) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
