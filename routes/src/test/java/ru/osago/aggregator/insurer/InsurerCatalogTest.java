package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An insurer file that cannot be used stops the start, naming the file, the field and the problem. */
class InsurerCatalogTest {

    @TempDir
    Path dir;

    @Test
    void theRepositorysInsurerFilesLoad() {
        InsurerCatalog catalog = new InsurerCatalog(InsurerCatalog.load(Path.of("route-config-yaml", "insurers"), name -> null));

        assertThat(catalog.enabled()).extracting(ref -> ref.id()).containsExactly("bereza", "dobrynya", "enisey", "garant", "volga");
        assertThat(catalog.settings("garant").api().premiumUnit()).isEqualTo(InsurerSettings.PremiumUnit.KOPECKS);
        assertThat(catalog.settings("bereza").circuitBreaker().slowCallMs()).isLessThan(60_000);
    }

    @Test
    void unknownKeyIsNamedWithItsFile() throws IOException {
        write("alfa.yaml", "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:1\ntimeout: 5\n");

        assertThatThrownBy(() -> InsurerCatalog.load(dir, name -> null))
                .hasMessageContaining("alfa.yaml").hasMessageContaining("unknown key 'timeout'");
    }

    @Test
    void missingUrlNegativeTimeoutAndDuplicateIdAreEachExplained() throws IOException {
        write("a.yaml", "id: alfa\nname: Alfa\n");
        assertThatThrownBy(() -> InsurerCatalog.load(dir, name -> null)).hasMessageContaining("a.yaml: baseUrl is required");

        write("a.yaml", "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:1\ntimeouts:\n  callMs: -5\n");
        assertThatThrownBy(() -> InsurerCatalog.load(dir, name -> null))
                .hasMessageContaining("a.yaml: timeouts.callMs must be positive (was -5)");

        write("a.yaml", "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:1\n");
        write("b.yaml", "id: alfa\nname: Alfa again\nbaseUrl: http://127.0.0.1:2\n");
        assertThatThrownBy(() -> InsurerCatalog.load(dir, name -> null))
                .hasMessageContaining("b.yaml: id 'alfa' is already used by").hasMessageContaining("a.yaml");
    }

    @Test
    void disabledInsurerIsKnownButGetsNoTraffic() throws IOException {
        write("a.yaml", "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:1\n");
        write("b.yaml", "id: beta\nname: Beta\nenabled: false\nbaseUrl: http://127.0.0.1:2\n");

        InsurerCatalog catalog = new InsurerCatalog(InsurerCatalog.load(dir, name -> null));

        assertThat(catalog.enabled()).extracting(ref -> ref.id()).containsExactly("alfa");
        assertThat(catalog.ref("beta").name()).isEqualTo("Beta");
    }

    @Test
    void authSecretMustComeFromTheEnvironment() throws IOException {
        write("a.yaml", "id: alfa\nname: Alfa\nbaseUrl: http://127.0.0.1:1\nauth:\n  header: X-Api-Key\n  valueFromEnv: ALFA_KEY\n");

        assertThatThrownBy(() -> InsurerCatalog.load(dir, name -> null))
                .hasMessageContaining("a.yaml: auth.valueFromEnv environment variable ALFA_KEY is not set");
        assertThat(InsurerCatalog.load(dir, Map.of("ALFA_KEY", "secret")::get)).hasSize(1);
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
    }
}
