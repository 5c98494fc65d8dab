package ru.osago.aggregator.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * osago-aggregator as operators run it: its packaged jar in a process of its own, so that a test can
 * really {@code kill -9} it or run two side by side. The jar is built in the package phase, before the
 * integration tests. Each test passes its own schema and queue names, so the aggregator contexts other
 * test classes leave running in the test JVM never touch its work.
 */
public final class AggregatorProcess implements AutoCloseable {

    /** Where one aggregator (or several sharing the work) keeps its state and meets core-app. */
    public record Setup(String schema, String requests, String events, Path insurersDir, Duration deadline) {

        /** A schema and queues of its own, the test insurers, and the given deadline. */
        public static Setup isolated(Duration deadline) {
            String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
            return new Setup(TestDatabase.newSchema(), "rq.it." + suffix, "rs.it." + suffix, TestInsurers.dir(), deadline);
        }
    }

    private final String instanceId;
    private final Process process;
    private final int port;
    private final Path log;

    private AggregatorProcess(String instanceId, Process process, int port, Path log) {
        this.instanceId = instanceId;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static AggregatorProcess start(String instanceId, Setup setup) throws Exception {
        Path jar = Path.of(System.getProperty("osago.it.aggregator-jar", "routes/target/routes-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests with mvn -B verify");
        }
        int port = TestBroker.freePort();
        Path log = Files.createTempFile("aggregator-" + instanceId, ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--osago.instance-id=" + instanceId,
                "--spring.artemis.broker-url=" + TestBroker.url(),
                "--osago.db-schema=" + setup.schema(),
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--osago.queues.requests=" + setup.requests(),
                "--osago.queues.events=" + setup.events(),
                "--osago.insurers-dir=" + setup.insurersDir(),
                "--osago.deadline=" + setup.deadline().toMillis() + "ms"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AggregatorProcess aggregator = new AggregatorProcess(instanceId, process, port, log);
        aggregator.awaitHealthy(Duration.ofSeconds(240));
        return aggregator;
    }

    public String instanceId() {
        return instanceId;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, in-flight work simply vanishes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitHealthy(Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant giveUp = Instant.now().plus(limit);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("aggregator " + instanceId + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("aggregator " + instanceId + " not healthy within " + limit + ":\n" + logTail());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
