package ru.osago.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.osago.stubs.StubClient.sampleRequest;
import static ru.osago.stubs.StubClient.standardBody;

class FaultSwitchTest {

    private static final StubConfig BEREZA = StubConfig.of("bereza", Dialect.STANDARD, 0).withErrorRate(0.02);
    private static final StubConfig VOLGA = StubConfig.of("volga", Dialect.STANDARD, 0).withResetRate(0.1);
    private static final StubConfig CLIENT_INFO = StubConfig.of("client-info", Dialect.CLIENT_INFO, 0);

    @TempDir
    Path dir;

    /** Each write gets a later modification time, so the switch never takes it for the file it has read. */
    private int writes;

    private void write(Path file, String yaml) throws Exception {
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++writes)));
    }

    @Test
    void aStormInTheFileReplacesOneStubsRatesUntilTheFileGoes() throws Exception {
        Path file = dir.resolve("faults.yml");
        write(file, "bereza: {errorRate: 1.0, throttleRate: 0.5}\n");

        try (FaultSwitch faults = FaultSwitch.watching(file)) {
            assertThat(faults.rates(BEREZA)).isEqualTo(new FaultRates(0.5, 0, 0, 1.0, 0));
            assertThat(faults.rates(VOLGA)).isEqualTo(FaultRates.of(VOLGA));

            Files.delete(file);
            faults.reload();

            assertThat(faults.rates(BEREZA)).isEqualTo(FaultRates.of(BEREZA));
        }
    }

    @Test
    void everyInsurerEntryAppliesToInsurersWithoutAnEntryButNotToClientInfo() throws Exception {
        Path file = dir.resolve("faults.yml");
        write(file, "\"*\": {errorRate: 0.03, resetRate: 0.01, malformedRate: 0.01, hangRate: 0.005, throttleRate: 0.02}\n"
                + "volga: {hangRate: 1.0}\n");

        try (FaultSwitch faults = FaultSwitch.watching(file)) {
            assertThat(faults.rates(BEREZA)).isEqualTo(new FaultRates(0.02, 0.005, 0.01, 0.03, 0.01));
            assertThat(faults.rates(VOLGA)).isEqualTo(new FaultRates(0, 1.0, 0, 0, 0));
            assertThat(faults.rates(CLIENT_INFO)).isEqualTo(FaultRates.of(CLIENT_INFO));
        }
    }

    @Test
    void aFileThatDoesNotParseKeepsTheRatesInForce() throws Exception {
        Path file = dir.resolve("faults.yml");
        write(file, "bereza: {errorRate: 1.0}\n");
        try (FaultSwitch faults = FaultSwitch.watching(file)) {
            write(file, "bereza: {errorRate: 7}\n");
            faults.reload();
            assertThat(faults.rates(BEREZA).error()).isEqualTo(1.0);

            write(file, "bereza: {errorRatio: 0.5}\n");
            faults.reload();
            assertThat(faults.rates(BEREZA).error()).isEqualTo(1.0);
        }
    }

    @Test
    void aRunningStubAnswersWithTheRatesOfTheFile() throws Exception {
        Path file = dir.resolve("faults.yml");
        write(file, "bereza: {errorRate: 1.0}\n");

        try (InsurerStubs stubs = InsurerStubs.start(List.of(StubConfig.of("bereza", Dialect.STANDARD, 0)), file)) {
            HttpResponse<String> post = new StubClient(stubs.baseUrl("bereza"))
                    .post("/osago/applications", "key-1", standardBody(sampleRequest()));

            assertThat(post.statusCode()).isEqualTo(500);
            assertThat(stubs.stats("bereza").errors()).isEqualTo(1);
        }
    }
}
