package ru.osago.aggregator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code osago.*} settings; defaults and a comment per key live in application.yml. */
@ConfigurationProperties("osago")
public record AggregatorProperties(
        Duration deadline,
        Path insurersDir,
        Queues queues,
        Intake intake,
        Polling polling,
        Outcomes outcomes,
        Http http,
        Completion completion,
        Events events,
        Maintenance maintenance,
        Cleanup cleanup,
        Audit audit,
        Operator operator) {

    public record Queues(String requests, String events, String deadLetter) {
    }

    public record Intake(int consumers, int maxConsumers, int batchSize, long batchMs, int maxMessageBytes, int maxDeliveries,
                         int maxOpenRequests) {
    }

    public record Polling(long periodMs, int batchSize, Duration lease, Duration lateWindow, Duration lateInterval,
                          Duration bulkheadWait, Overload overload) {

        public record Overload(Duration intakeWait, int minClaims) {
        }
    }

    public record Outcomes(int batchSize, long batchMs, int writers, int writerMinOutcomes, int maxBacklog) {
    }

    public record Http(int ioThreads, int maxConnectionsPerInsurer) {
    }

    public record Completion(long periodMs, int batchSize, Duration ahead) {
    }

    public record Events(long relayPeriodMs, Duration relayAfter, int relayBatchSize) {
    }

    public record Maintenance(long periodMs) {
    }

    public record Cleanup(long periodMs, Duration retention) {
    }

    public record Audit(boolean enabled, int maxBodyChars) {
    }

    public record Operator(long controlPeriodMs, long samplePeriodMs, Duration window, Duration keep,
                           Duration instanceGoneAfter, int maxReasonChars, List<User> users) {

        /** An operator who signs in with HTTP Basic: {@code role} read or control. */
        public record User(String name, String password, String role) {
        }
    }
}
