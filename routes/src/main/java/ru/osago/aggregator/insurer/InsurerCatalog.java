package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.model.InsurerRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The insurers, read once at start-up from one YAML file each ({@code osago.insurers-dir}). A file
 * that cannot be used stops the start with a message naming the file, the field and what is wrong.
 */
@Component
public class InsurerCatalog {

    private final Map<String, InsurerSettings> all;

    @Autowired
    InsurerCatalog(AggregatorProperties properties) {
        this(load(properties.insurersDir(), System::getenv));
    }

    InsurerCatalog(List<InsurerSettings> settings) {
        this.all = settings.stream().collect(Collectors.toMap(InsurerSettings::id, Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** Enabled insurers, in file-name order: these get traffic. */
    public List<InsurerRef> enabled() {
        return enabledSettings().stream().map(s -> new InsurerRef(s.id(), s.name())).toList();
    }

    public List<InsurerSettings> enabledSettings() {
        return all.values().stream().filter(InsurerSettings::enabled).toList();
    }

    /** Every insurer of the files, enabled or not, in file-name order. */
    public List<InsurerSettings> allSettings() {
        return List.copyOf(all.values());
    }

    public InsurerSettings settings(String insurerId) {
        InsurerSettings settings = all.get(insurerId);
        if (settings == null) {
            throw new IllegalArgumentException("unknown insurer " + insurerId);
        }
        return settings;
    }

    /** The display name of any insurer ever configured; an id no longer in the files shows as itself. */
    public InsurerRef ref(String insurerId) {
        InsurerSettings settings = all.get(insurerId);
        return new InsurerRef(insurerId, settings == null ? insurerId : settings.name());
    }

    static List<InsurerSettings> load(Path dir, Function<String, String> env) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInsurerFileException(dir + ": insurers directory not found (osago.insurers-dir)");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        List<InsurerSettings> loaded = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                InsurerSettings settings = read(yaml, file);
                InsurerSettingsValidator.validate(file, settings, env);
                Path first = seen.putIfAbsent(settings.id(), file);
                if (first != null) {
                    throw new InvalidInsurerFileException(file + ": id '" + settings.id() + "' is already used by " + first);
                }
                loaded.add(settings);
            }
        } catch (IOException e) {
            throw new InvalidInsurerFileException(dir + ": cannot list insurer files: " + e.getMessage());
        }
        if (loaded.stream().noneMatch(InsurerSettings::enabled)) {
            throw new InvalidInsurerFileException(dir + ": no enabled insurer");
        }
        return loaded;
    }

    private static InsurerSettings read(ObjectMapper yaml, Path file) {
        try {
            return yaml.readValue(file.toFile(), InsurerSettings.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInsurerFileException(file + ": unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + " (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            throw new InvalidInsurerFileException(file + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInsurerFileException(file + ": not readable YAML: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "top level" : path;
    }
}
