package ru.osago.core.events;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads rs.queue in batches, so that storing and re-publishing cost one insert, one topic message and one
 * JMS commit per batch instead of per event. Each of {@code event-consumers} threads holds a
 * transacted session, takes up to {@code event-batch-size} messages (waiting at most {@code event-batch-wait-ms}
 * after the first), hands them to the {@code event-intake} route as one exchange and commits once the route has
 * stored and published them; on a failure it rolls back and the broker redelivers the batch. The route's own
 * JMS sends join that transaction, so a batch's topic message and dead letters leave with its commit, and a
 * send costs no pooled session and no wait for the broker (the commit is the one round trip).
 * <p>
 * After a rollback the thread takes one message per transaction until a batch's worth went through, so a
 * message that keeps failing fails alone, and its own delivery count ({@link EventMessage#deliveryCount()})
 * is what decides about it: failing on its last delivery, it goes to rs.dlq with its reason in this session
 * and the commit takes it off rs.queue ({@link LastDelivery}, which also sorts out a batch of several).
 * <p>
 * {@code osago.core.events.batch.messages} (summary) gives the messages each batch took: its mean is what the
 * per-batch costs are shared by.
 */
@Component
class EventBatchConsumer implements SmartLifecycle {

    static final String ROUTE = "direct:event-batch";
    private static final Logger LOG = LoggerFactory.getLogger(EventBatchConsumer.class);
    /** How long an idle receive blocks: also how soon a stopping thread notices. */
    private static final long IDLE_RECEIVE_MS = 500;

    private final ConnectionFactory connections;
    private final ProducerTemplate producer;
    private final LastDelivery lastDelivery;
    private final DistributionSummary batchMessages;
    private final String queue;
    private final boolean enabled;
    private final int threads;
    private final int batchSize;
    private final long batchWaitNanos;
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean stopping;

    EventBatchConsumer(ConnectionFactory connections, ProducerTemplate producer, LastDelivery lastDelivery,
                       MeterRegistry registry,
                       @Value("${osago.core.queues.events}") String queue,
                       @Value("${osago.core.jms.event-intake-enabled}") boolean enabled,
                       @Value("${osago.core.jms.event-consumers}") int threads,
                       @Value("${osago.core.jms.event-batch-size}") int batchSize,
                       @Value("${osago.core.jms.event-batch-wait-ms}") long batchWaitMs) {
        this.connections = connections;
        this.producer = producer;
        this.lastDelivery = lastDelivery;
        this.batchMessages = DistributionSummary.builder("osago.core.events.batch.messages")
                .description("rs.queue messages taken in one transaction").register(registry);
        this.queue = queue;
        this.enabled = enabled;
        this.threads = Math.max(1, threads);
        this.batchSize = Math.max(1, batchSize);
        this.batchWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, batchWaitMs));
    }

    @Override
    public synchronized void start() {
        stopping = false;
        started = true;
        if (!enabled || !running.isEmpty()) {
            return;
        }
        for (int i = 1; i <= threads; i++) {
            Thread t = Thread.ofPlatform().name("event-batch-" + i).daemon().start(this::consume);
            running.add(t);
        }
    }

    /** Finishes the batch in hand (a rolled-back one would bounce between stopping instances), then stops. */
    @Override
    public synchronized void stop() {
        stopping = true;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        for (Thread t : running) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Started after the Camel context (which the batches go to) and stopped before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void consume() {
        while (!stopping) {
            try (Connection connection = connections.createConnection();
                 Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                 MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                connection.start();
                // Camel's JMS producer (Spring's JmsTemplate) takes a session bound to the thread for this factory,
                // as Spring's listener containers expose theirs, and leaves its commit to the owner
                TransactionSynchronizationManager.bindResource(connections, new JmsResourceHolder(session));
                try {
                    consumeBatches(session, consumer);
                } finally {
                    TransactionSynchronizationManager.unbindResource(connections);
                }
            } catch (JMSException | RuntimeException e) {
                if (!stopping) {
                    LOG.warn("Reading {} failed, trying again in 1 s: {}", queue, e.toString());
                    pause();
                }
            }
        }
    }

    private void consumeBatches(Session session, MessageConsumer consumer) throws JMSException {
        int alone = 0;
        while (!stopping) {
            List<Message> received = receive(consumer, alone > 0 ? 1 : batchSize);
            if (received.isEmpty()) {
                continue;
            }
            batchMessages.record(received.size());
            List<EventMessage> batch = new ArrayList<>(received.size());
            for (Message message : received) {
                batch.add(EventMessage.of(message));
            }
            Exchange done = producer.send(ROUTE, exchange -> exchange.getMessage().setBody(batch));
            if (done.getException() == null) {
                session.commit();
                alone = Math.max(0, alone - batch.size());
            } else if (lastDelivery.settle(session, received, batch, done.getException(), this::tryAlone)) {
                session.commit();
            } else {
                session.rollback();
                alone = batchSize;
                LOG.warn("A batch of {} events was rolled back for redelivery: {}", batch.size(),
                        done.getException().toString());
            }
        }
    }

    private List<Message> receive(MessageConsumer consumer, int max) throws JMSException {
        List<Message> batch = new ArrayList<>();
        Message first = consumer.receive(IDLE_RECEIVE_MS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long until = System.nanoTime() + batchWaitNanos;
        while (batch.size() < max) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            // receive(0) would wait for ever: under a millisecond left, take only what is already here
            Message next = left >= 1 ? consumer.receive(left) : consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** One event of a failed batch through the route by itself: its failure, or null when it was stored. */
    private Throwable tryAlone(EventMessage message) {
        return producer.send(ROUTE, exchange -> exchange.getMessage().setBody(List.of(message))).getException();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
