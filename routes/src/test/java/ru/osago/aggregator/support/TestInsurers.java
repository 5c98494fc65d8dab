package ru.osago.aggregator.support;

import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The five insurers of {@code route-config-yaml/insurers}, played by real HTTP stubs on free ports,
 * with outcomes fixed for the tests: three offers (one in each speed; volga says on its POST when its
 * offer will be ready), one that always fails, one slower than any test deadline. The aggregator reads a
 * copy of the real insurer files whose {@code baseUrl} points at these stubs, so the real dialect mappings
 * are what is tested.
 */
public final class TestInsurers {

    private static InsurerStubs stubs;
    private static Path dir;

    private TestInsurers() {
    }

    public static synchronized InsurerStubs stubs() {
        if (stubs == null) {
            stubs = InsurerStubs.start(List.of(
                    StubConfig.of("bereza", Dialect.STANDARD, 0).withDelayMs(200, 200),
                    StubConfig.of("volga", Dialect.STANDARD, 0).withDelayMs(700, 700).withRetryAfterOnCreate(true),
                    StubConfig.of("garant", Dialect.V2, 0).withDelayMs(1500, 1500),
                    StubConfig.of("dobrynya", Dialect.V2, 0).withErrorRate(1.0),
                    StubConfig.of("enisey", Dialect.STANDARD, 0).withDelayMs(120_000, 120_000)));
            Runtime.getRuntime().addShutdownHook(new Thread(stubs::close));
        }
        return stubs;
    }

    /** A copy of the insurer files, each pointing at its stub. */
    public static synchronized Path dir() {
        if (dir == null) {
            dir = copyPointingAt(stubs());
        }
        return dir;
    }

    private static Path copyPointingAt(InsurerStubs stubs) {
        try (Stream<Path> files = Files.list(Path.of("route-config-yaml", "insurers"))) {
            Path copy = Files.createTempDirectory("insurers");
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String id = file.getFileName().toString().replace(".yaml", "");
                String yaml = Files.readString(file)
                        .replaceAll("(?m)^baseUrl: .*$", "baseUrl: " + stubs.baseUrl(id));
                Files.writeString(copy.resolve(file.getFileName()), yaml);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
