package ru.osago.core.request;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the request to rq.queue and waits at most {@code osago.core.broker.breaker.timeout-ms} for the broker
 * to take it; a broker that is down or stuck makes this throw, which the breaker counts. The send works on a
 * copy of the exchange, so a send that finishes after the caller gave up cannot touch the caller's answer.
 * <p>
 * The endpoint is looked up at the first send, then kept: looked up by its URI at every send, its placeholder
 * went through Spring's property sources each time (half of the sending threads' CPU samples in a profile). Not
 * at construction, so that a test's advice (mockEndpoints) applies to it.
 */
@Component
class BrokerSender implements Processor, DisposableBean {

    private static final String ENDPOINT = "jms:queue:{{osago.core.queues.requests}}?jmsMessageType=Text&deliveryPersistent=true";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ExecutorService sends;
    private final long timeoutMs;
    private volatile Endpoint requests;

    BrokerSender(CamelContext camel, ProducerTemplate producer,
                 @Value("${osago.core.broker.breaker.timeout-ms}") long timeoutMs,
                 @Value("${osago.core.broker.send-threads}") int threads) {
        this.camel = camel;
        this.producer = producer;
        this.timeoutMs = timeoutMs;
        this.sends = camel.getExecutorServiceManager().newFixedThreadPool(this, "broker-send", threads);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exchange copy = exchange.copy();
        copy.setPattern(ExchangePattern.InOnly);
        Endpoint endpoint = requests();
        Future<Exchange> sent = sends.submit(() -> producer.send(endpoint, copy));
        Exchange done;
        try {
            done = sent.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new BrokerUnavailableException("the broker did not take the request within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("sending to the broker failed: " + e.getCause());
        }
        if (done.getException() != null) {
            throw new BrokerUnavailableException("sending to the broker failed: " + done.getException().getMessage());
        }
    }

    private Endpoint requests() {
        Endpoint endpoint = requests;
        if (endpoint == null) {
            endpoint = camel.getEndpoint(ENDPOINT); // the same instance whichever thread looks it up first
            requests = endpoint;
        }
        return endpoint;
    }

    @Override
    public void destroy() {
        sends.shutdownNow();
    }

    static final class BrokerUnavailableException extends Exception {
        BrokerUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
