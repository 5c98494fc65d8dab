package ru.osago.core;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * One PostgreSQL schema per test run ({@code core_app_test_<random>}), so concurrent runs never collide;
 * Flyway creates it, and it is dropped when the test JVM exits.
 */
public class TestSchema implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String NAME = "core_app_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestSchema::drop, "drop-test-schema"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test-schema", Map.of("osago.core.db-schema", NAME)));
    }

    private static void drop() {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + NAME + ": " + e.getMessage());
        }
    }
}
