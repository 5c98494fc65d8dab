package ru.osago.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The work one request causes, measured rather than guessed: HTTP calls the stubs counted
 * ({@code GET /_stats}), rows PostgreSQL counted per table ({@code pg_stat_user_tables}), index entries it
 * read per index ({@code pg_stat_user_indexes}: a walk over entries no query needs shows there, not in the
 * rows written) and messages the broker counted per queue ({@code artemis queue stat}). Snapshots before
 * and after; the report shows the difference.
 */
final class Counters {

    static final int[] STUB_PORTS = {9100, 9101, 9102, 9103, 9104, 9105};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Counters() {
    }

    /** "stub.port.posts" etc., "db.schema.table.ins|upd|del", "db.schema.index.read" and "broker.queue.added|acked". */
    static Map<String, Long> snapshot(Options options) {
        Map<String, Long> all = new LinkedHashMap<>();
        stubs(all);
        database(options, all);
        broker(options, all);
        return all;
    }

    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            long diff = v - before.getOrDefault(k, 0L);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }

    private static void stubs(Map<String, Long> into) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int port : STUB_PORTS) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_stats"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode s = MAPPER.readTree(r.body());
                String id = s.path("id").asText(String.valueOf(port));
                into.put("http." + id + ".posts", s.path("posts").asLong());
                into.put("http." + id + ".gets", s.path("gets").asLong());
                into.put("http." + id + ".errors", s.path("errors").asLong());
            } catch (Exception e) {
                // that stub does not run
            } 
        }
    }

    private static void database(Options options, Map<String, Long> into) {
        try (Connection c = DriverManager.getConnection(options.jdbcUrl());
             PreparedStatement s = c.prepareStatement("""
                     select schemaname, relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd
                       from pg_stat_user_tables where schemaname = any (?)""")) {
            s.setArray(1, c.createArrayOf("text", options.schemas().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = "db." + rs.getString(1) + "." + rs.getString(2);
                    into.put(key + ".ins", rs.getLong(3));
                    into.put(key + ".upd", rs.getLong(4));
                    into.put(key + ".del", rs.getLong(5));
                    // of the updates, those that were HOT: no index entry written, the new version on the same page
                    into.put(key + ".hot", rs.getLong(6));
                }
            }
            try (PreparedStatement i = c.prepareStatement("""
                    select schemaname, indexrelname, idx_tup_read
                      from pg_stat_user_indexes where schemaname = any (?)""")) {
                i.setArray(1, c.createArrayOf("text", options.schemas().toArray()));
                try (ResultSet rs = i.executeQuery()) {
                    while (rs.next()) {
                        into.put("db." + rs.getString(1) + "." + rs.getString(2) + ".read", rs.getLong(3));
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("bench: database counters not read: " + e.getMessage());
        }
    }

    private static void broker(Options options, Map<String, Long> into) {
        Path artemis = options.artemisHome().resolve("bin/artemis");
        if (!Files.isExecutable(artemis)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(artemis.toString(), "queue", "stat", "--url", options.brokerUrl(),
                    "--user", "osago", "--password", "osago", "--maxRows", "500", "--silent", "--json")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
                return;
            }
            JsonNode data = MAPPER.readTree(out.substring(out.indexOf('{'))).path("data");
            for (JsonNode q : data) {
                String name = q.path("name").asText();
                String address = q.path("address").asText();
                if (q.path("internalQueue").asBoolean() || name.startsWith("$") || name.equals("DLQ") || name.equals("ExpiryQueue")) {
                    continue;
                }
                // a subscription queue of the live-events topic has a generated name: one key for all
                String key = "broker." + (address.equals(name) ? name : address + "(subscriptions)");
                into.merge(key + ".added", q.path("messagesAdded").asLong(), Long::sum);
                into.merge(key + ".acked", q.path("messagesAcked").asLong(), Long::sum);
            }
        } catch (Exception e) {
            System.err.println("bench: broker counters not read: " + e.getMessage());
        }
    }
}
