package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import ru.osago.aggregator.AggregatorApplication;
import ru.osago.aggregator.support.TestBroker;
import ru.osago.aggregator.support.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aggregator itself, not just the catalog, refuses to start on a bad insurer file, and what it
 * says names the file, the field and the problem (the catalog's rules are in InsurerCatalogTest).
 */
class InvalidInsurerFileStopsStartTest {

    @TempDir
    Path dir;

    @Test
    void negativeTimeoutStopsTheStartNamingFileAndField() throws IOException {
        Files.writeString(dir.resolve("bereza.yaml"), "id: bereza\nname: Берёза\nbaseUrl: http://127.0.0.1:9101\n");
        Files.writeString(dir.resolve("alfa.yaml"), "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:9\ntimeouts:\n  callMs: -5\n");

        assertThatThrownBy(this::startAggregator)
                .rootCause().isInstanceOf(InvalidInsurerFileException.class)
                .hasMessageContaining("alfa.yaml: timeouts.callMs must be positive (was -5)");
    }

    @Test
    void secretWrittenInTheFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("alfa.yaml"),
                "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:9\nauth:\n  header: X-Api-Key\n  value: s3cret\n");

        assertThatThrownBy(this::startAggregator)
                .rootCause().isInstanceOf(InvalidInsurerFileException.class)
                .hasMessageContaining("alfa.yaml: unknown key 'value' at auth.value")
                .hasMessageContaining("valueFromEnv");
    }

    private void startAggregator() {
        try (var app = new SpringApplicationBuilder(AggregatorApplication.class)
                .web(WebApplicationType.NONE)
                // as command-line arguments: they win over application.yml, as an operator's would
                .run("--osago.insurers-dir=" + dir,
                        "--spring.artemis.broker-url=" + TestBroker.url(),
                        "--osago.db-schema=" + TestDatabase.schema())) {
            assertThat(app.isRunning()).as("the aggregator started despite the bad file").isFalse();
        }
    }
}
