package ru.osago.aggregator.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.function.Supplier;

/** Points the aggregator at the test broker, the test schema and the stub insurers. */
public abstract class AggregatorTestSupport {

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        realParts(registry, TestDatabase::schema);
    }

    /** The same parts with a schema of the caller's, for a test whose poller must see only its own rows. */
    public static void realParts(DynamicPropertyRegistry registry, Supplier<Object> schema) {
        registry.add("spring.artemis.broker-url", TestBroker::url);
        registry.add("osago.db-schema", schema);
        registry.add("osago.insurers-dir", () -> TestInsurers.dir().toString());
        registry.add("server.port", () -> "0");
        // several test contexts (and other builds) share the machine's PostgreSQL and its 100 connections
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    }
}
