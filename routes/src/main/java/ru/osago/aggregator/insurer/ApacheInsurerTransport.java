package ru.osago.aggregator.insurer;

import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Apache HttpClient 5's non-blocking client: a few I/O reactor threads serve every call in flight over
 * kept-alive connections. Chosen over the JDK's HttpClient by the bench's micro-benchmark
 * ({@code ./bench.sh --jmh InsurerCall}: about 40 µs a call against 70 µs).
 */
@Component
class ApacheInsurerTransport implements InsurerTransport {

    private final CloseableHttpAsyncClient client;

    ApacheInsurerTransport(AggregatorProperties properties) {
        AggregatorProperties.Http http = properties.http();
        client = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(http.ioThreads()).setTcpNoDelay(true).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        // the lax pool (concurrent, per insurer): the strict one's lease, under one lock with
                        // linked lists, was 4.5 % of the aggregator's CPU at 150 requests/s (Flight Recorder).
                        // It bounds connections per insurer only
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnPerRoute(http.maxConnectionsPerInsurer())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setTimeToLive(Timeout.ofMinutes(5)).build())
                        .build())
                // insurer APIs are stateless: no cookies carried from one request's call into another's
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        client.start();
    }

    @Override
    public CompletableFuture<HttpAnswer> send(PreparedCall call, InsurerSettings.Timeouts timeouts) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(call.method()).setUri(call.url())
                .setRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(timeouts.connectMs()))
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(timeouts.callMs()))
                        .setResponseTimeout(Timeout.ofMilliseconds(timeouts.callMs()))
                        .build());
        call.headers().forEach(builder::addHeader);
        if (call.body() != null) {
            builder.setBody(call.body(), ContentType.APPLICATION_JSON);
        }
        SimpleHttpRequest request = builder.build();
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        Future<SimpleHttpResponse> inFlight = client.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                answer.complete(new HttpAnswer(response.getCode(), response.getBodyText(),
                        response.getFirstHeader("Retry-After") == null ? null : response.getFirstHeader("Retry-After").getValue()));
            }

            @Override
            public void failed(Exception e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new CancellationException("call cancelled"));
            }
        });
        // the caller's time limit (orTimeout) or a cancel ends the call on the wire too
        answer.whenComplete((done, error) -> {
            if (error != null) {
                inFlight.cancel(true);
            }
        });
        return answer;
    }

    @PreDestroy
    void close() throws InterruptedException {
        client.close(CloseMode.GRACEFUL);
        client.awaitShutdown(org.apache.hc.core5.util.TimeValue.of(5, TimeUnit.SECONDS));
    }
}
