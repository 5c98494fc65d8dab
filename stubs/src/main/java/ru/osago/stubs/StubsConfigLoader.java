package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a stubs file: {@code stubs:} followed by a list of {@link StubConfig}. Unknown keys are errors,
 * so a misspelt {@code errorRate} does not silently leave a stub healthy.
 */
public final class StubsConfigLoader {

    /** The file shipped in the jar: the five insurers and client-info on ports 9100-9105. */
    public static final String DEFAULT_RESOURCE = "stubs.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record StubsFile(List<StubConfig> stubs) {
        @JsonCreator
        StubsFile(@JsonProperty(value = "stubs", required = true) List<StubConfig> stubs) {
            this.stubs = List.copyOf(stubs);
        }
    }

    private StubsConfigLoader() {
    }

    public static List<StubConfig> loadDefault() {
        try (InputStream in = StubsConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
            }
            return load(in, "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<StubConfig> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<StubConfig> load(InputStream in, String source) {
        try {
            return YAML.readValue(in, StubsFile.class).stubs();
        } catch (IOException e) {
            throw new UncheckedIOException("invalid stubs file " + source + ": " + e.getMessage(), e);
        }
    }
}
