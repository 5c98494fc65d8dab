package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cost of one insurer call (poll the offer, read its JSON) made three ways, against a standard-dialect
 * stub in this JVM that answers at once. One operation is a batch of {@value #CONCURRENCY} concurrent calls,
 * as one insurer's queue drains under load; divide the time by {@value #CONCURRENCY} for one call.
 * Stub and client share the machine's cores, so a faster client path shows as a shorter batch.
 * <ul>
 * <li>{@code blockingWithTimeLimiter}: the insurer route today, without Camel: a queue consumer thread runs the
 * Resilience4j breaker, whose time limit hands the Apache HttpClient 5 (classic) call to a second pool and
 * waits for it.</li>
 * <li>{@code blocking}: the same without the time limiter's hop; the client's own socket timeout bounds the call.</li>
 * <li>{@code nonBlocking}: the JDK {@link HttpClient}'s {@code sendAsync}, breaker and bulkhead decorating the
 * {@code CompletionStage}, the request's own timeout: no thread waits for a call.</li>
 * <li>{@code nonBlockingApache}: the same with Apache HttpClient 5's async client (one I/O reactor).</li>
 * </ul>
 * Run: {@code ./bench.sh --jmh InsurerCall} (any JMH options after it, e.g. {@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class InsurerCallBenchmark {

    static final int CONCURRENCY = 16;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final ObjectMapper json = OsagoJson.mapper();
    private InsurerStubs stubs;
    private URI offer;
    private CloseableHttpClient apache;
    private CloseableHttpAsyncClient apacheAsync;
    private HttpClient jdk;
    private HttpRequest offerRequest;
    private ExecutorService queueConsumers;
    private ExecutorService timeLimiterPool;
    private CircuitBreaker breaker;
    private TimeLimiter timeLimiter;
    private Bulkhead bulkhead;

    @Setup
    public void start() throws Exception {
        stubs = InsurerStubs.start(List.of(StubConfig.of("jmh", Dialect.STANDARD, 0)));
        String base = stubs.baseUrl("jmh");
        ConnectionConfig connections = ConnectionConfig.custom().setConnectTimeout(Timeout.ofMilliseconds(500))
                .setSocketTimeout(Timeout.of(CALL_TIMEOUT)).build();
        apache = HttpClients.custom().disableCookieManagement().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(CONCURRENCY)
                        .setMaxConnPerRoute(CONCURRENCY).setDefaultConnectionConfig(connections).build()).build();
        apacheAsync = HttpAsyncClients.custom().disableCookieManagement().setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(CONCURRENCY)
                        .setMaxConnPerRoute(CONCURRENCY).setDefaultConnectionConfig(connections).build()).build();
        apacheAsync.start();
        jdk = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        offer = URI.create(base + "/osago/applications/" + createApplication(base) + "/offer");
        offerRequest = HttpRequest.newBuilder(offer).timeout(CALL_TIMEOUT).GET().build();
        queueConsumers = Executors.newFixedThreadPool(CONCURRENCY);
        timeLimiterPool = Executors.newFixedThreadPool(CONCURRENCY);
        breaker = CircuitBreaker.ofDefaults("jmh");
        timeLimiter = TimeLimiter.of(CALL_TIMEOUT);
        bulkhead = Bulkhead.of("jmh", BulkheadConfig.custom().maxConcurrentCalls(CONCURRENCY).build());
    }

    @TearDown
    public void stop() throws IOException {
        queueConsumers.shutdownNow();
        timeLimiterPool.shutdownNow();
        apache.close();
        apacheAsync.close();
        jdk.close();
        stubs.close();
    }

    @Benchmark
    public int blockingWithTimeLimiter() throws Exception {
        return onQueueConsumers(() -> breaker.executeCallable(
                () -> timeLimiter.executeFutureSupplier(() -> timeLimiterPool.submit(this::apacheCall))));
    }

    @Benchmark
    public int blocking() throws Exception {
        return onQueueConsumers(() -> breaker.executeCallable(this::apacheCall));
    }

    @Benchmark
    public int nonBlocking() {
        return decorated(() -> jdk.sendAsync(offerRequest, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> status(response.statusCode(), response.body())));
    }

    @Benchmark
    public int nonBlockingApache() {
        return decorated(() -> ApacheAsyncCall.execute(apacheAsync, SimpleRequestBuilder.get(offer).build())
                .thenApply(response -> status(response.getCode(), response.getBodyBytes())));
    }

    /** {@value #CONCURRENCY} calls at once, each in the breaker and the bulkhead; waits for all of them. */
    private int decorated(Supplier<CompletionStage<String>> call) {
        List<CompletableFuture<String>> calls = new ArrayList<>(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            calls.add(Bulkhead.decorateCompletionStage(bulkhead, CircuitBreaker.decorateCompletionStage(breaker, call))
                    .get().toCompletableFuture());
        }
        int length = 0;
        for (CompletableFuture<String> done : calls) {
            length += done.join().length();
        }
        return length;
    }

    private int onQueueConsumers(Callable<String> call) throws Exception {
        List<Future<String>> calls = new ArrayList<>(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            calls.add(queueConsumers.submit(call));
        }
        int length = 0;
        for (Future<String> done : calls) {
            length += done.get().length();
        }
        return length;
    }

    private String apacheCall() throws IOException {
        return apache.execute(new HttpGet(offer), response -> status(response.getCode(), EntityUtils.toByteArray(response.getEntity())));
    }

    /** What the insurer said, read as the aggregator reads it: the status and the JSON body. */
    private String status(int code, byte[] body) {
        if (code >= 300) {
            throw new IllegalStateException("stub answered " + code);
        }
        try {
            return json.readTree(body).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer", e);
        }
    }

    private String createApplication(String base) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/osago/applications"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        json.writeValueAsBytes(SampleRequests.valid("jmh", "u-1", LocalDate.now()))))
                .build();
        HttpResponse<byte[]> created = jdk.send(post, HttpResponse.BodyHandlers.ofByteArray());
        return json.readTree(created.body()).path("applicationId").asText();
    }
}
