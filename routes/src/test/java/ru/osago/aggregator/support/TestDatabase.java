package ru.osago.aggregator.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The PostgreSQL of the machine (127.0.0.1:5432, trust authentication), with a schema of its own per
 * test JVM so that runs never collide; the schema is dropped at exit.
 */
public final class TestDatabase {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static String schema;

    private TestDatabase() {
    }

    public static synchronized String schema() {
        if (schema == null) {
            schema = "osago_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String name = schema;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        }
        return schema;
    }

    /** Another schema of this run (e.g. a core-app process's own), also dropped at exit. */
    public static synchronized String schema(String suffix) {
        String name = schema() + "_" + suffix;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        return name;
    }

    private static void drop(String name) {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.createStatement().execute("drop schema if exists " + name + " cascade");
        } catch (SQLException ignored) {
            // best effort: a left-over test schema is harmless
        }
    }
}
