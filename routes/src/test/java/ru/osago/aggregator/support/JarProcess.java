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
 * One of our Spring Boot applications as operators run it: its packaged jar in a process of its own,
 * on a given port, output to a log file, started when its actuator health answers 200.
 */
final class JarProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private JarProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code jar} with {@code --server.port=port} and {@code args}; waits at most {@code startLimit} for health. */
    static JarProcess start(String name, Path jar, String maxHeap, int port, List<String> args, Duration startLimit)
            throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn -B verify from the root does)");
        }
        Path log = Files.createTempFile(name, ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        JarProcess started = new JarProcess(name, process, port, log);
        started.awaitHealthy(startLimit);
        return started;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, in-flight work simply vanishes. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as an operator or run.sh stops it, and how long the process took to exit; {@code null} when it
     * was still running after {@code limit} (then it is killed).
     */
    Duration terminate(Duration limit) throws InterruptedException {
        Instant sent = Instant.now();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
            return null;
        }
        return Duration.between(sent, Instant.now());
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
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
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
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
        throw new IllegalStateException(name + " not healthy within " + limit + ":\n" + logTail());
    }

    /** SIGTERM, a graceful stop; forcibly after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
