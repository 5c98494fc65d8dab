package ru.osago.aggregator.insurer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The insurer route tests' transport: every insurer's calls go to its {@link ScriptedInsurer} instead of
 * the network. Everything above the transport (dialect, rate limit, bulkhead, breaker, time limit,
 * recording) is the application's own.
 */
final class ScriptedInsurers implements InsurerTransport {

    private final Map<String, ScriptedInsurer> insurers = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<HttpAnswer> send(PreparedCall call, InsurerSettings.Timeouts timeouts) {
        return of(call.call().insurerId()).call(call);
    }

    ScriptedInsurer of(String insurerId) {
        return insurers.computeIfAbsent(insurerId, id -> new ScriptedInsurer());
    }

    void resetAll() {
        insurers.values().forEach(ScriptedInsurer::reset);
    }

    @TestConfiguration
    static class Config {
        @Bean
        @Primary
        ScriptedInsurers scriptedInsurers() {
            return new ScriptedInsurers();
        }
    }
}
