package ru.osago.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Blocking calls from a fixed number of threads with Apache HttpClient 5 classic, pooled keep-alive
 * connections: the way the aggregator's camel-http calls an insurer. Each thread waits for every answer,
 * so at high rates the threads' wake-ups cost the client as much CPU as the stub spends.
 */
final class BlockingStubCalls implements StubCallLoop {

    private final int threads;
    private final byte[] body;
    private final CloseableHttpClient client;

    BlockingStubCalls(int threads, byte[] body) {
        this.threads = threads;
        this.body = body;
        this.client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(threads).setMaxConnPerRoute(threads).build()).build();
    }

    @Override
    public void run(String baseUrl, long untilNanos, LongAdder calls, LongAdder failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < untilNanos) {
                        pair(baseUrl, calls, failures);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void pair(String baseUrl, LongAdder calls, LongAdder failures) throws Exception {
        HttpPost post = new HttpPost(baseUrl + "/osago/applications");
        post.setHeader("Idempotency-Key", UUID.randomUUID().toString());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        String[] created = client.execute(post,
                r -> new String[] {String.valueOf(r.getCode()), EntityUtils.toString(r.getEntity())});
        if (!created[0].startsWith("2")) {
            failures.increment();
            return;
        }
        calls.increment();
        HttpGet get = new HttpGet(baseUrl + "/osago/applications/" + StubCallLoop.applicationId(created[1]) + "/offer");
        int code = client.execute(get, r -> {
            EntityUtils.consume(r.getEntity());
            return r.getCode();
        });
        if (code >= 400) {
            failures.increment();
        } else {
            calls.increment();
        }
    }

    @Override
    public String describe() {
        return "Apache HttpClient 5 classic, " + threads + " threads";
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
