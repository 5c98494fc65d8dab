package ru.osago.deploy;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files of the repository this module sits in, read as the tests need them. */
final class Repo {

    /** The repository root: surefire runs in deploy-check/. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file as a tree (a file of several documents: the first). */
    static JsonNode yaml(Path file) {
        return Serialization.yamlMapper().readTree(read(file));
    }

    /** One of the apps' application.yml, e.g. "routes" or "core-app". */
    static JsonNode applicationYml(String module) {
        return yaml(path(module + "/src/main/resources/application.yml"));
    }

    /** The file names in a folder ending in .yaml or .yml, sorted. */
    static List<String> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
