package ru.osago.aggregator.insurer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for one insurer's HTTP API behind {@link ScriptedInsurers}: remembers the request our route
 * built and answers as the test scripted it, the way the non-blocking transport would (an answer with any
 * status, an I/O error, or nothing at all).
 */
final class ScriptedInsurer {

    /** What our route sent: the HTTP method, path, headers and body. */
    record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /** The test's script: the insurer's answer to one request. */
    interface Answer {
        CompletableFuture<HttpAnswer> to(Request request) throws Exception;
    }

    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = request -> {
        throw new IllegalStateException("the test scripted no answer");
    };

    CompletableFuture<HttpAnswer> call(PreparedCall call) {
        Request request = new Request(call.method(), call.wire().path(), Map.copyOf(call.headers()), call.body());
        received.add(request);
        try {
            return answer.to(request);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void answer(Answer next) {
        this.answer = next;
    }

    void reset() {
        received.clear();
    }

    List<Request> received() {
        return List.copyOf(received);
    }

    /** An HTTP answer: status, JSON body (may be null), and a Retry-After value given as "Retry-After", value. */
    static Answer respond(int status, String body, String... headers) {
        String retryAfter = headers.length == 2 && "Retry-After".equals(headers[0]) ? headers[1] : null;
        return request -> CompletableFuture.completedFuture(new HttpAnswer(status, body, retryAfter));
    }

    /** No answer, ever: the call's time limit has to end it. */
    static Answer hang() {
        return request -> new CompletableFuture<>();
    }
}
