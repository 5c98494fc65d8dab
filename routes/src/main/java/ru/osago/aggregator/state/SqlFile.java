package ru.osago.aggregator.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A statement kept in {@code src/main/resources/sql/<name>.sql}, with named parameters. */
public final class SqlFile {

    private SqlFile() {
    }

    public static String read(String name) {
        try (InputStream in = SqlFile.class.getResourceAsStream("/sql/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("no sql/" + name + ".sql on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A duration as the text a statement casts to an interval ({@code cast(:window as interval)}). */
    public static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
