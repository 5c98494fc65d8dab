package ru.osago.aggregator.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL of the machine (127.0.0.1:5432, trust authentication), with a schema of its own per
 * test JVM (or per test that asks for one) so that runs never collide. Schemas are not dropped at
 * exit, where the application contexts still running would trip over the missing tables; instead each
 * run drops the test schemas an earlier run left, once they are older than {@link #LEFT_OVER}.
 */
public final class TestDatabase {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final Duration LEFT_OVER = Duration.ofHours(2);
    private static final Pattern NAME = Pattern.compile("osago_test_(\\d+)_[0-9a-f]+");
    private static String schema;

    private TestDatabase() {
    }

    public static synchronized String schema() {
        if (schema == null) {
            dropLeftOvers();
            schema = newSchema();
        }
        return schema;
    }

    /** A schema of its own for a test that must not share state with the rest. */
    public static String newSchema() {
        return "osago_test_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static void dropLeftOvers() {
        long cutoff = Instant.now().minus(LEFT_OVER).getEpochSecond();
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "select nspname from pg_namespace where nspname like 'osago\\_test\\_%'")) {
                while (rs.next()) {
                    Matcher name = NAME.matcher(rs.getString(1));
                    if (name.matches() && Long.parseLong(name.group(1)) < cutoff) {
                        old.add(rs.getString(1));
                    }
                }
            }
            for (String name : old) {
                connection.createStatement().execute("drop schema if exists " + name + " cascade");
            }
        } catch (SQLException ignored) {
            // best effort: a left-over test schema is harmless
        }
    }
}
