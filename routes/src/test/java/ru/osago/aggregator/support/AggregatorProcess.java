package ru.osago.aggregator.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    private final JarProcess process;

    private AggregatorProcess(String instanceId, JarProcess process) {
        this.instanceId = instanceId;
        this.process = process;
    }

    public static AggregatorProcess start(String instanceId, Setup setup) throws Exception {
        Path jar = Path.of(System.getProperty("osago.it.aggregator-jar", "routes/target/routes-0.1.0-SNAPSHOT-exec.jar"));
        List<String> args = List.of(
                "--osago.instance-id=" + instanceId,
                "--spring.artemis.broker-url=" + TestBroker.url(),
                "--osago.db-schema=" + setup.schema(),
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--osago.queues.requests=" + setup.requests(),
                "--osago.queues.events=" + setup.events(),
                "--osago.insurers-dir=" + setup.insurersDir(),
                "--osago.deadline=" + setup.deadline().toMillis() + "ms");
        // generous: on a loaded two-core machine a start has taken minutes
        return new AggregatorProcess(instanceId,
                JarProcess.start("aggregator-" + instanceId, jar, "384m", TestBroker.freePort(), args, Duration.ofSeconds(240)));
    }

    public String instanceId() {
        return instanceId;
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, in-flight work simply vanishes. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM; how long it took to exit, or {@code null} if it still ran after {@code limit} (then it is killed). */
    public Duration terminate(Duration limit) throws InterruptedException {
        return process.terminate(limit);
    }

    public String logTail() {
        return process.logTail();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
