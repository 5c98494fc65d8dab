package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Fault rates changed while the stubs run, so a harness can start and end an insurer storm without
 * restarting the stubs (a restart would also forget every application they hold). A YAML file maps a stub
 * id, or {@code "*"} for every insurer (not client-info), to the rates that replace its configured ones:
 *
 * <pre>{@code
 * volga: {errorRate: 0.9}
 * "*": {errorRate: 0.03, resetRate: 0.01, malformedRate: 0.01, hangRate: 0.005, throttleRate: 0.02}
 * }</pre>
 *
 * Keys left out are 0 for that entry. No file, or an empty one, means the configured rates. The file is
 * read again whenever its modification time changes; a file that does not parse keeps the rates in force.
 */
final class FaultSwitch implements AutoCloseable {

    static final String EVERY_INSURER = "*";
    private static final Logger LOG = Logger.getLogger(FaultSwitch.class.getName());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final long CHECK_MS = 250;

    /** One entry of the file, in stubs.yml's key names. */
    record Entry(@JsonProperty("throttleRate") double throttleRate, @JsonProperty("hangRate") double hangRate,
                 @JsonProperty("resetRate") double resetRate, @JsonProperty("errorRate") double errorRate,
                 @JsonProperty("malformedRate") double malformedRate) {

        FaultRates rates() {
            return new FaultRates(throttleRate, hangRate, resetRate, errorRate, malformedRate);
        }
    }

    private final Path file;
    private final ScheduledExecutorService watcher;
    private volatile Map<String, FaultRates> overrides = Map.of();
    private FileTime seen;

    private FaultSwitch(Path file, ScheduledExecutorService watcher) {
        this.file = file;
        this.watcher = watcher;
    }

    /** Configured rates only. */
    static FaultSwitch off() {
        return new FaultSwitch(null, null);
    }

    /** Reads {@code file} now and whenever it changes. */
    static FaultSwitch watching(Path file) {
        FaultSwitch faults = new FaultSwitch(file, Executors.newSingleThreadScheduledExecutor(
                StubTransport.daemonThreads("stub-fault-switch")));
        faults.reload();
        faults.watcher.scheduleWithFixedDelay(faults::reload, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        return faults;
    }

    /** The rates a call to this stub is drawn with now. */
    FaultRates rates(StubConfig config) {
        Map<String, FaultRates> now = overrides;
        FaultRates own = now.get(config.id());
        if (own != null) {
            return own;
        }
        FaultRates every = config.dialect() == Dialect.CLIENT_INFO ? null : now.get(EVERY_INSURER);
        return every != null ? every : FaultRates.of(config);
    }

    /** Reads the file if it changed since the last read (or went away). */
    synchronized void reload() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (modified != null && modified.equals(seen) || modified == null && seen == null && overrides.isEmpty()) {
                return;
            }
            seen = modified;
            overrides = modified == null ? Map.of() : parse(Files.readString(file));
            LOG.info("fault rates from " + file + ": " + (overrides.isEmpty() ? "as configured" : overrides));
        } catch (IOException | RuntimeException e) {
            LOG.warning("fault rates in " + file + " not applied, the earlier ones stay: " + e.getMessage());
        }
    }

    static Map<String, FaultRates> parse(String yaml) throws IOException {
        if (yaml.isBlank()) {
            return Map.of();
        }
        Map<String, Entry> entries = YAML.readValue(yaml, new TypeReference<Map<String, Entry>>() { });
        if (entries == null) {
            return Map.of();
        }
        Map<String, FaultRates> rates = new java.util.HashMap<>();
        entries.forEach((id, entry) -> rates.put(id, entry == null ? FaultRates.NONE : entry.rates()));
        return Map.copyOf(rates);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
