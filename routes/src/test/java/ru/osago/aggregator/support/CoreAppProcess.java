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

    private CoreAppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static CoreAppProcess start(String schema) throws Exception {
        return start(schema, List.of());
    }

    /** With more {@code --key=value} settings, e.g. queue names of a test that needs its own. */
    public static CoreAppProcess start(String schema, List<String> moreArgs) throws Exception {
        Path jar = Path.of(System.getProperty("osago.it.core-app-jar", "core-app/target/core-app-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn -B verify from the root does)");
        }
        int port = TestBroker.freePort();
        Path log = Files.createTempFile("core-app", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.artemis.broker-url=" + TestBroker.url(),
                "--osago.core.db-schema=" + schema));
        command.addAll(moreArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        CoreAppProcess app = new CoreAppProcess(process, port, log);
        // generous: on a loaded two-core machine its start alone has taken over 90 s
        app.awaitHealthy(Duration.ofSeconds(180));
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
