package ru.osago.stubs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One simulated company on its own port and its own threads, so a slow or hanging stub never starves
 * another. It checks the API key, counts the call, injects faults and hands the rest to the dialect.
 *
 * <p>Throttling refuses a call before it is processed; an error, a malformed body, a hang or a reset
 * happen after it, as when an insurer's gateway fails after its backend committed: the application
 * exists and only an Idempotency-Key lets the client retry without creating a second one.
 */
final class StubServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StubServer.class.getName());
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int BACKLOG = 1024;
    private static final byte[] MALFORMED_BODY = "{\"status\": <html>Service Temporarily Unavailable"
            .getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body waits for the
        // client's delayed ACK of the headers (up to 40 ms on Linux), so every call took ~45 ms on loopback.
        // Read once, when the JVM's first HttpServer is made: a JVM that sets it otherwise keeps its choice.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final StubConfig config;
    private final StubCounters counters;
    private final ApplicationBook book;
    private final DialectHandler dialect;
    private final FaultInjector faults;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    /** Hung exchanges → when they were taken; closed on close() or after the retention. */
    private final Map<HttpExchange, Long> held = new ConcurrentHashMap<>();

    private StubServer(StubConfig config) throws IOException {
        this.config = config;
        this.counters = new StubCounters(config.id());
        this.book = new ApplicationBook(config, counters);
        this.dialect = switch (config.dialect()) {
            case STANDARD -> new StandardDialectHandler(book);
            case V2 -> new V2DialectHandler(book);
            case CLIENT_INFO -> new ClientInfoHandler(config);
        };
        this.faults = new FaultInjector(config);
        this.executor = Executors.newFixedThreadPool(config.threads(), threads("stub-" + config.id()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("stub-" + config.id() + "-timer"));
        this.server = HttpServer.create(new InetSocketAddress(config.port()), BACKLOG);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    static StubServer start(StubConfig config) throws IOException {
        StubServer stub = new StubServer(config);
        stub.server.start();
        stub.scheduler.scheduleWithFixedDelay(stub::evict, 30, 30, TimeUnit.SECONDS);
        return stub;
    }

    StubConfig config() {
        return config;
    }

    int port() {
        return server.getAddress().getPort();
    }

    StubStats stats() {
        return counters.snapshot();
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.equals("/_health")) {
                send(exchange, StubResponse.json(200, Map.of("status", "UP", "id", config.id())));
            } else if (method.equals("GET") && path.equals("/_stats")) {
                send(exchange, StubResponse.json(200, counters.snapshot()));
            } else {
                api(exchange, method, path);
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, config.id() + ": failed to answer", e);
            exchange.close();
        }
    }

    private void api(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body = readBody(exchange);
        if (body == null) {
            counters.badRequest();
            send(exchange, StubResponse.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        StubRequest request = new StubRequest(method, path, exchange.getRequestHeaders(), body);
        if (method.equals("POST")) {
            counters.post(request.header("Idempotency-Key"));
        } else {
            counters.get();
        }
        if (config.apiKey() != null && !config.apiKey().equals(request.header("X-Api-Key"))) {
            counters.unauthorized();
            send(exchange, StubResponse.error(401, "missing or invalid X-Api-Key"));
            return;
        }
        FaultInjector.Fault fault = faults.draw();
        if (fault == FaultInjector.Fault.THROTTLE) {
            counters.throttled();
            send(exchange, StubResponse.error(429, "too many requests").withHeader("Retry-After", "1"));
            return;
        }
        StubResponse response = answer(request);
        switch (fault) {
            case HANG -> {
                counters.hang();
                held.put(exchange, System.nanoTime());
            }
            case RESET -> {
                counters.reset();
                exchange.close();
            }
            case ERROR -> {
                counters.error();
                send(exchange, StubResponse.error(500, "internal error at " + config.name()));
            }
            case MALFORMED -> {
                counters.malformed();
                send(exchange, new StubResponse(200, Map.of(), MALFORMED_BODY, 0));
            }
            default -> sendLater(exchange, response);
        }
    }

    private StubResponse answer(StubRequest request) {
        try {
            StubResponse response = dialect.handle(request);
            if (response.status() == 400 || response.status() == 422) {
                counters.badRequest();
            }
            return response;
        } catch (StubJson.BadRequest e) {
            counters.badRequest();
            return StubResponse.error(400, e.getMessage());
        }
    }

    /** Null when larger than the limit: a stub must not let one call fill its heap. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private void sendLater(HttpExchange exchange, StubResponse response) throws IOException {
        if (response.delayMs() <= 0) {
            send(exchange, response);
            return;
        }
        scheduler.schedule(() -> {
            try {
                send(exchange, response);
            } catch (IOException e) {
                exchange.close();
            }
        }, response.delayMs(), TimeUnit.MILLISECONDS);
    }

    private static void send(HttpExchange exchange, StubResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } finally {
            exchange.close();
        }
    }

    private void evict() {
        long now = System.nanoTime();
        book.evictOlderThan(ApplicationBook.RETENTION, now);
        counters.evictOlderThan(ApplicationBook.RETENTION, now);
        long cutoff = now - ApplicationBook.RETENTION.toNanos();
        held.entrySet().removeIf(entry -> {
            boolean old = entry.getValue() - cutoff < 0;
            if (old) {
                entry.getKey().close();
            }
            return old;
        });
    }

    /** Releases hung exchanges (their clients see the connection close) and stops the threads. */
    @Override
    public void close() {
        held.keySet().forEach(HttpExchange::close);
        held.clear();
        server.stop(0);
        scheduler.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
