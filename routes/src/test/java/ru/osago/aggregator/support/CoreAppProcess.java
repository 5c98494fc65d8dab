package ru.osago.aggregator.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * core-app as users run it: its packaged jar in a process of its own, on a free port, against the
 * test broker and database. The reactor builds core-app before routes, so the jar is there in
 * {@code mvn verify}.
 */
public final class CoreAppProcess implements AutoCloseable {

    private static final ObjectMapper JSON = OsagoJson.mapper();

    private final JarProcess process;
    private final String schema;
    private final List<String> extraArgs;

    private CoreAppProcess(JarProcess process, String schema, List<String> extraArgs) {
        this.process = process;
        this.schema = schema;
        this.extraArgs = extraArgs;
    }

    public static CoreAppProcess start(String schema) throws Exception {
        return start(schema, new String[0]);
    }

    /** With more {@code --key=value} settings, e.g. a lower rate limit or a stream-only instance. */
    public static CoreAppProcess start(String schema, String... extraArgs) throws Exception {
        return start(TestBroker.freePort(), schema, List.of(extraArgs));
    }

    /** Stops this instance (as a deployment would: SIGTERM, graceful) and starts it again on the same port. */
    public CoreAppProcess restart() throws Exception {
        close();
        return start(process.port(), schema, extraArgs);
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** The last lines of this instance's log, for failure messages. */
    /** SIGTERM; how long it took to exit, or {@code null} if it still ran after {@code limit} (then it is killed). */
    public Duration terminate(Duration limit) throws InterruptedException {
        return process.terminate(limit);
    }

    public String logTail() {
        return process.logTail();
    }

    private static CoreAppProcess start(int port, String schema, List<String> extraArgs) throws Exception {
        Path jar = Path.of(System.getProperty("osago.it.core-app-jar", "core-app/target/core-app-0.1.0-SNAPSHOT-exec.jar"));
        List<String> args = new ArrayList<>(List.of(
                "--spring.artemis.broker-url=" + TestBroker.url(),
                "--osago.core.db-schema=" + schema));
        args.addAll(extraArgs);
        // shared build machines can be slow: -Dosago.it.core-app-start-seconds raises the limit
        Duration startLimit = Duration.ofSeconds(Long.getLong("osago.it.core-app-start-seconds", 180));
        return new CoreAppProcess(JarProcess.start("core-app", jar, "256m", port, args, startLimit), schema, extraArgs);
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    public int port() {
        return process.port();
    }

    /** Submits the demo form (the sample request without ids) as the page does, as {@code userId}. */
    public HttpResponse<String> submitDemoRequest(HttpClient http, String userId) throws Exception {
        ObjectNode form = JSON.valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        form.remove(List.of("requestId", "userId"));
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/osago/requests"))
                .header("Content-Type", "application/json").header("X-User-Id", userId)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
