package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The annotated insurer file in the README ("Add an insurer") is a file the aggregator accepts. */
class ReadmeInsurerExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeExampleLoadsAsWritten() throws IOException {
        Matcher example = Pattern.compile("### The file, every key\\s+```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(example.find()).as("README has the annotated example").isTrue();
        Files.writeString(dir.resolve("sokol.yaml"), example.group(1));

        InsurerSettings sokol = InsurerCatalog.load(dir, Map.of("SOKOL_API_KEY", "k")::get).get(0);

        assertThat(sokol.id()).isEqualTo("sokol");
        assertThat(sokol.auth().valueFromEnv()).isEqualTo("SOKOL_API_KEY");
        assertThat(sokol.api().premiumUnit()).isEqualTo(InsurerSettings.PremiumUnit.KOPECKS);
        assertThat(sokol.api().request()).containsEntry("/drivers[]/license/number", "/drivers[]/licenceNumber");
        assertThat(sokol.retry().maxBackoffMs()).isEqualTo(4000);
    }
}
