package ru.osago.stubs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StubsConfigLoaderTest {

    @Test
    void defaultFileHasTheFiveInsurersAndClientInfoOnTheirPorts() {
        Map<String, StubConfig> byId = StubsConfigLoader.loadDefault().stream()
                .collect(Collectors.toMap(StubConfig::id, Function.identity()));

        assertThat(byId).containsOnlyKeys("client-info", "bereza", "volga", "garant", "dobrynya", "enisey");
        assertThat(byId.get("bereza").port()).isEqualTo(9101);
        assertThat(byId.get("volga").port()).isEqualTo(9102);
        assertThat(byId.get("garant").port()).isEqualTo(9103);
        assertThat(byId.get("dobrynya").port()).isEqualTo(9104);
        assertThat(byId.get("enisey").port()).isEqualTo(9105);
        assertThat(byId.get("client-info").port()).isEqualTo(9100);
        assertThat(byId.get("garant").dialect()).isEqualTo(Dialect.V2);
        assertThat(byId.get("dobrynya").dialect()).isEqualTo(Dialect.V2);
        assertThat(byId.get("bereza").dialect()).isEqualTo(Dialect.STANDARD);
        assertThat(byId.get("client-info").dialect()).isEqualTo(Dialect.CLIENT_INFO);
        assertThat(byId.get("bereza").name()).isEqualTo("Берёза Страхование");
        assertThat(byId.get("enisey").delayMinMs()).isGreaterThan(60_000);
        assertThat(byId.get("dobrynya").declineRate()).isEqualTo(0.30);
    }

    @Test
    void leftOutKeysTakeDefaults() {
        List<StubConfig> configs = load("stubs:\n  - id: x\n    port: 0\n    dialect: v2\n    delayMinMs: 100\n");

        StubConfig x = configs.get(0);
        assertThat(x.delayMaxMs()).isEqualTo(100);
        assertThat(x.errorRate()).isZero();
        assertThat(x.threads()).isEqualTo(32);
        assertThat(x.apiKey()).isNull();
    }

    @Test
    void misspeltKeyIsAnError() {
        assertThatThrownBy(() -> load("stubs:\n  - id: x\n    port: 0\n    dialect: v2\n    errorrate: 1\n"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("errorrate");
    }

    private static List<StubConfig> load(String yaml) {
        return StubsConfigLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
