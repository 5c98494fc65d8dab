package ru.osago.bench;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;

import java.util.concurrent.CompletableFuture;

/** One call of Apache HttpClient 5's async client as a {@link CompletableFuture}, for Resilience4j's decorators. */
final class ApacheAsyncCall implements FutureCallback<SimpleHttpResponse> {

    private final CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();

    static CompletableFuture<SimpleHttpResponse> execute(CloseableHttpAsyncClient client, SimpleHttpRequest request) {
        ApacheAsyncCall call = new ApacheAsyncCall();
        client.execute(request, call);
        return call.answer;
    }

    @Override
    public void completed(SimpleHttpResponse response) {
        answer.complete(response);
    }

    @Override
    public void failed(Exception e) {
        answer.completeExceptionally(e);
    }

    @Override
    public void cancelled() {
        answer.cancel(false);
    }
}
