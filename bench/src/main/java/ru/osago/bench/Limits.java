package ru.osago.bench;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw throughput of the parts on this machine, each alone: persistent JMS messages through Artemis,
 * PostgreSQL inserts, updates and claims shaped like the aggregator's, and HTTP calls to a stub that
 * answers at once. Run before the load, with the system idle (started but no requests).
 */
final class Limits {

    private static final String[] INSURERS = {"bereza", "volga", "garant", "dobrynya", "enisey"};

    private final Options options;
    private final long millis;

    Limits(Options options) {
        this.options = options;
        this.millis = options.limitSeconds() * 1000L;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("loadAverageBefore", ProcCpu.loadAverage());
        limits.put("artemis", artemis());
        print("artemis", limits.get("artemis"));
        limits.put("postgres", postgres());
        print("postgres", limits.get("postgres"));
        limits.put("stubHttp", stubHttp());
        print("stub http", limits.get("stubHttp"));
        limits.put("loadAverageAfter", ProcCpu.loadAverage());
        return limits;
    }

    private static void print(String what, Object figures) {
        System.out.printf("limits %-9s %s  (load %s)%n", what, figures, ProcCpu.loadAverage());
    }

    /** Producers send persistent messages of a request's size while consumers take them off one queue. */
    private Map<String, Object> artemis() throws Exception {
        byte[] request = OsagoJson.mapper().writeValueAsBytes(SampleRequests.valid(UUID.randomUUID().toString(), "u-1", LocalDate.now()));
        String text = new String(request, java.nio.charset.StandardCharsets.UTF_8);
        int producers = 8;
        int consumers = 4;
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean receiving = new AtomicBoolean(true);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(options.brokerUrl(), "osago", "osago");
             jakarta.jms.Connection connection = factory.createConnection()) {
            connection.start();
            ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
            for (int i = 0; i < consumers; i++) {
                Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer c = s.createConsumer(s.createQueue("bench.limits"));
                pool.execute(() -> {
                    try {
                        while (receiving.get()) {
                            Message m = c.receive(200);
                            if (m != null) {
                                received.increment();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            long start = System.nanoTime();
            for (int i = 0; i < producers; i++) {
                Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue("bench.limits"));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                pool.execute(() -> {
                    try {
                        while (sending.get()) {
                            p.send(s.createTextMessage(text));
                            sent.increment();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            Thread.sleep(millis);
            sending.set(false);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.currentTimeMillis() + 10_000;
            while (received.sum() < sent.sum() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            double allSeconds = (System.nanoTime() - start) / 1e9;
            receiving.set(false);
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageBytes", request.length);
            m.put("producers", producers);
            m.put("consumers", consumers);
            m.put("sentPerSecond", round(sent.sum() / sendSeconds));
            m.put("receivedPerSecond", round(received.sum() / allSeconds));
            // one message both sent and received, as on rq.queue and rs.queue
            m.put("messagesPerSecond", round(Math.min(sent.sum() / sendSeconds, received.sum() / allSeconds)));
            return m;
        }
    }

    /** A scratch schema with the aggregator's own tables (its Flyway migration), dropped at the end. */
    private Map<String, Object> postgres() throws Exception {
        String schema = "bench_limits_" + ProcessHandle.current().pid();
        String migration = migrations();
        String claimSql = Files.readString(options.repo().resolve("routes/src/main/resources/sql/claim-due-calls.sql"))
                .replaceAll("(?m)^--.*$", "");
        // Camel's named parameters (:#name) become JDBC's positional ones, bound by name below
        List<String> claimParams = new ArrayList<>();
        Matcher named = Pattern.compile(":#(\\w+)").matcher(claimSql);
        while (named.find()) {
            claimParams.add(named.group(1));
        }
        String claim = named.replaceAll("?");
        String application = OsagoJson.mapper().writeValueAsString(SampleRequests.valid(UUID.randomUUID().toString(), "u-1", LocalDate.now()));
        String url = options.jdbcUrl() + (options.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection admin = DriverManager.getConnection(options.jdbcUrl()); Statement st = admin.createStatement()) {
            st.execute("create schema " + schema);
            try {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute(migration);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                int threads = 8;
                // intake: one request row and five insurer rows per transaction
                List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
                double registrations = timed(threads, url, c -> {
                    String id = UUID.randomUUID().toString();
                    Timestamp now = Timestamp.from(Instant.now());
                    Timestamp deadline = Timestamp.from(Instant.now().plusSeconds(3600));
                    try (PreparedStatement r = c.prepareStatement("insert into quote_request (request_id, user_id, application, insurer_count, accepted_at, deadline) values (?, ?, ?::jsonb, 5, ?, ?)");
                         PreparedStatement q = c.prepareStatement("insert into insurer_quote (request_id, insurer_id, status, next_poll_at, deadline, updated_at) values (?, ?, 'CREATED', ?, ?, ?)")) {
                        r.setString(1, id);
                        r.setString(2, "u-1");
                        r.setString(3, application);
                        r.setTimestamp(4, now);
                        r.setTimestamp(5, deadline);
                        r.executeUpdate();
                        for (String insurer : INSURERS) {
                            q.setString(1, id);
                            q.setString(2, insurer);
                            q.setTimestamp(3, now);
                            q.setTimestamp(4, deadline);
                            q.setTimestamp(5, now);
                            q.addBatch();
                        }
                        q.executeBatch();
                    }
                    c.commit();
                    ids.add(id);
                    return 6;
                });
                m.put("threads", threads);
                m.put("rowsInsertedPerSecond", round(registrations));
                // record-outcome: one insurer row updated by key per transaction
                double updates = timed(threads, url, c -> {
                    String id = ids.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(ids.size()));
                    try (PreparedStatement u = c.prepareStatement("update insurer_quote set status = 'IN_PROGRESS', external_id = ?, next_poll_at = ?, updated_at = ? where request_id = ? and insurer_id = ?")) {
                        Timestamp at = Timestamp.from(Instant.now().minusSeconds(1));
                        u.setString(1, "x-" + id);
                        u.setTimestamp(2, at);
                        u.setTimestamp(3, at);
                        u.setString(4, id);
                        u.setString(5, INSURERS[java.util.concurrent.ThreadLocalRandom.current().nextInt(INSURERS.length)]);
                        int n = u.executeUpdate();
                        c.commit();
                        return n;
                    }
                });
                m.put("rowsUpdatedPerSecond", round(updates));
                // offer-poller: the aggregator's own claim statement, 500 rows a time, leased 2 s
                int pollers = 2;
                double claimed = timed(pollers, url, c -> {
                    Timestamp now = Timestamp.from(Instant.now());
                    try (PreparedStatement p = c.prepareStatement(claim)) {
                        Map<String, Object> values = Map.of(
                                "leaseUntil", Timestamp.from(Instant.now().plusSeconds(2)), "now", now, "batchSize", 500);
                        for (int i = 0; i < claimParams.size(); i++) {
                            p.setObject(i + 1, values.get(claimParams.get(i)));
                        }
                        int n = 0;
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                n++;
                            }
                        }
                        c.commit();
                        return n;
                    }
                });
                m.put("rowsClaimedPerSecond", round(claimed));
                m.put("claimBatch", 500);
                m.put("rowsInTable", ids.size() * 5);
                return m;
            } finally {
                st.execute("drop schema " + schema + " cascade");
            }
        }
    }

    /** The aggregator's Flyway migrations, in version order, as one script. */
    private String migrations() throws IOException {
        Path dir = options.repo().resolve("routes/src/main/resources/db/migration");
        try (var files = Files.list(dir)) {
            List<Path> scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
            StringBuilder all = new StringBuilder();
            for (Path script : scripts) {
                all.append(Files.readString(script)).append('\n');
            }
            return all.toString();
        }
    }

    private interface DbWork {
        int run(Connection c) throws Exception;
    }

    /** Rows (or units) per second that {@code threads} connections achieve for {@link #millis}. */
    private double timed(int threads, String url, DbWork work) throws Exception {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + millis * 1_000_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < end) {
                        done.add(work.run(c));
                    }
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * A standard-dialect stub with no delay in this JVM: POST an application, then GET its offer, on 16
     * keep-alive connections driven by one non-blocking client thread, after a 2-second warm-up. The
     * blocking client this used before (16 threads of Apache HttpClient 5 classic, and a new ObjectMapper
     * per call to read the id) was itself the limit, at ~5,000 calls/s on an idle machine, in the same JVM
     * as the stub. The stub shares this JVM, so its CPU cannot be told from the client's here: for the
     * stub's own CPU per call run the same measurement against a stubs process (bench/stub-http-limit.sh).
     */
    private Map<String, Object> stubHttp() throws Exception {
        try (InsurerStubs stubs = InsurerStubs.start(List.of(StubConfig.of("limits", Dialect.STANDARD, 0)))) {
            Map<String, Object> m = StubHttpLimit.measure(stubs.baseUrl("limits"), ProcessHandle.current().pid(),
                    "netty", 16, 2, options.limitSeconds());
            m.put("stubThreads", stubs.config("limits").threads());
            return m;
        }
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
