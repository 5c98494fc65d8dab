package ru.osago.aggregator.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Points the aggregator at the test broker, the test schema and the stub insurers. */
public abstract class AggregatorTestSupport {

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", TestBroker::url);
        registry.add("osago.db-schema", TestDatabase::schema);
        registry.add("osago.insurers-dir", () -> TestInsurers.dir().toString());
        registry.add("server.port", () -> "0");
        // several test contexts (and other builds) share the machine's PostgreSQL and its 100 connections
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    }
}
