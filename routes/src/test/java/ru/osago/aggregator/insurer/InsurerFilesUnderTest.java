package ru.osago.aggregator.insurer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The insurers folder the route tests start the aggregator with: every file of
 * {@code route-config-yaml/insurers/} as it is (their URLs are never called: the HTTP step is woven
 * out), plus one disabled file, so that "disabled means no traffic" is tested even while every real
 * insurer is enabled.
 */
final class InsurerFilesUnderTest {

    static final Path REPOSITORY_DIR = Path.of("route-config-yaml", "insurers");
    static final String DISABLED_ID = "disabled-probe";

    private static Path dir;

    private InsurerFilesUnderTest() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            dir = copyWithDisabledProbe();
        }
        return dir;
    }

    /** The files of the folder, found at test time: a new insurer file is tested without a new test. */
    static List<Path> files() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyWithDisabledProbe() {
        try (Stream<Path> files = Files.list(REPOSITORY_DIR)) {
            Path copy = Files.createTempDirectory("insurers-under-test");
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
            Files.writeString(copy.resolve(DISABLED_ID + ".yaml"), """
                    # switched off: must get no route and no traffic
                    id: %s
                    name: Disabled Probe
                    enabled: false
                    baseUrl: http://127.0.0.1:9
                    """.formatted(DISABLED_ID));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
