package ru.osago.stubs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A set of running stubs, one HTTP server each. Other modules' tests start it with port 0 stubs,
 * point the aggregator at {@link #baseUrl(String)} and assert on {@link #stats(String)}:
 *
 * <pre>{@code
 * try (InsurerStubs stubs = InsurerStubs.start(List.of(StubConfig.of("bereza", Dialect.STANDARD, 0)))) {
 *     ... stubs.port("bereza") ...
 *     assertThat(stubs.stats("bereza").applicationsCreated()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class InsurerStubs implements AutoCloseable {

    private final Map<String, StubServer> servers;
    private final FaultSwitch faultSwitch;

    private InsurerStubs(Map<String, StubServer> servers, FaultSwitch faultSwitch) {
        this.servers = servers;
        this.faultSwitch = faultSwitch;
    }

    /** Starts every stub; if one cannot bind its port, those already started are stopped again. */
    public static InsurerStubs start(List<StubConfig> configs) {
        return start(configs, FaultSwitch.off());
    }

    /** The same, with fault rates that {@code faultsFile} may replace while they run ({@link FaultSwitch}). */
    public static InsurerStubs start(List<StubConfig> configs, java.nio.file.Path faultsFile) {
        return start(configs, FaultSwitch.watching(faultsFile));
    }

    private static InsurerStubs start(List<StubConfig> configs, FaultSwitch faultSwitch) {
        Map<String, StubServer> started = new LinkedHashMap<>();
        try {
            for (StubConfig config : configs) {
                if (started.containsKey(config.id())) {
                    throw new IllegalArgumentException("duplicate stub id: " + config.id());
                }
                started.put(config.id(), startOne(config, faultSwitch));
            }
            return new InsurerStubs(started, faultSwitch);
        } catch (RuntimeException e) {
            started.values().forEach(StubServer::close);
            faultSwitch.close();
            throw e;
        }
    }

    private static StubServer startOne(StubConfig config, FaultSwitch faultSwitch) {
        try {
            return StubServer.start(config, faultSwitch);
        } catch (IOException e) {
            throw new UncheckedIOException(config.id() + ": cannot listen on port " + config.port(), e);
        }
    }

    public Set<String> ids() {
        return servers.keySet();
    }

    /** The port actually bound (the one picked when the config said 0). */
    public int port(String id) {
        return server(id).port();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl(String id) {
        return "http://127.0.0.1:" + port(id);
    }

    public StubConfig config(String id) {
        return server(id).config();
    }

    public StubStats stats(String id) {
        return server(id).stats();
    }

    public List<StubStats> stats() {
        List<StubStats> all = new ArrayList<>();
        servers.values().forEach(server -> all.add(server.stats()));
        return all;
    }

    private StubServer server(String id) {
        StubServer server = servers.get(id);
        if (server == null) {
            throw new NoSuchElementException("no stub with id " + id + "; running: " + servers.keySet());
        }
        return server;
    }

    /** Stops every stub and releases any hung exchange. */
    @Override
    public void close() {
        faultSwitch.close();
        servers.values().forEach(StubServer::close);
    }
}
