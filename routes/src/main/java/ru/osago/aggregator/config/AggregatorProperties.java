package ru.osago.aggregator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/** The {@code osago.*} settings; defaults and a comment per key live in application.yml. */
@ConfigurationProperties("osago")
public record AggregatorProperties(
        Duration deadline,
        Path insurersDir,
        Queues queues,
        Intake intake,
        Polling polling,
        Completion completion,
        Cleanup cleanup,
        Audit audit) {

    public record Queues(String requests, String events, String deadLetter) {
    }

    public record Intake(int consumers, int maxConsumers, int maxMessageBytes) {
    }

    public record Polling(long periodMs, int batchSize, Duration lease, Duration createLease, int insurerQueueSize,
                          Duration lateWindow, Duration lateInterval) {
    }

    public record Completion(long timeoutCheckMs, int threads, long sweepPeriodMs, int sweepBatchSize) {
    }

    public record Cleanup(long periodMs, Duration retention) {
    }

    public record Audit(boolean enabled, int maxBodyChars, long flushMs, int batchSize) {
    }
}
