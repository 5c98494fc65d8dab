package ru.osago.aggregator.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * core-app as users run it: its packaged jar in a process of its own, on a free port, against the
 * test broker and database. The reactor builds core-app before routes, so the jar is there in
 * {@code mvn verify}.
 */
public final class CoreAppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final String schema;
    private final List<String> extraArgs;

    private CoreAppProcess(Process process, int port, Path log, String schema, List<String> extraArgs) {
        this.process = process;
        this.port = port;
        this.log = log;
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
        return start(port, schema, extraArgs);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The last lines of this instance's log, for failure messages. */
    public String logTail() {
        try {
            return tail();
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static CoreAppProcess start(int port, String schema, List<String> extraArgs) throws Exception {
        Path jar = Path.of(System.getProperty("osago.it.core-app-jar", "core-app/target/core-app-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn -B verify from the root does)");
        }
        Path log = Files.createTempFile("core-app", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.artemis.broker-url=" + TestBroker.url(),
                "--osago.core.db-schema=" + schema));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        CoreAppProcess app = new CoreAppProcess(process, port, log, schema, extraArgs);
        // shared build machines can be slow: -Dosago.it.core-app-start-seconds raises the limit
        app.awaitHealthy(Duration.ofSeconds(Long.getLong("osago.it.core-app-start-seconds", 180)));
        return app;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitHealthy(Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant giveUp = Instant.now().plus(limit);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("core-app exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("core-app not healthy within " + limit + ":\n" + tail());
    }

    private String tail() throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(File.separator.equals("/") ? "\n" : "\r\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
