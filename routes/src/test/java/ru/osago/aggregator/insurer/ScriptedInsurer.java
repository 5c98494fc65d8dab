package ru.osago.aggregator.insurer;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for one insurer's HTTP endpoint (woven in at {@code insurer-<id>-http}): remembers the
 * request our route built and answers as the test scripted it, the way camel-http with
 * {@code throwExceptionOnFailure=false} would (status header and body, or a thrown I/O error).
 */
final class ScriptedInsurer implements Processor {

    /** What our route sent: the HTTP method, path, headers and body camel-http would have used. */
    record Request(String method, String path, Map<String, Object> headers, String body) {
    }

    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Processor answer = exchange -> {
        throw new IllegalStateException("the test scripted no answer");
    };

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        received.add(new Request(message.getHeader(Exchange.HTTP_METHOD, String.class),
                message.getHeader(Exchange.HTTP_PATH, String.class),
                new HashMap<>(message.getHeaders()), message.getBody(String.class)));
        answer.process(exchange);
    }

    void answer(Processor next) {
        this.answer = next;
    }

    void reset() {
        received.clear();
    }

    List<Request> received() {
        return List.copyOf(received);
    }

    /** An HTTP answer: status, JSON body (may be null) and headers given as name, value pairs. */
    static Processor respond(int status, String body, String... headers) {
        return exchange -> {
            Message message = exchange.getMessage();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                message.setHeader(headers[i], headers[i + 1]);
            }
            message.setBody(body);
        };
    }
}
