package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does what core-app does on the broker: puts each request (JSON text, persistent, JMSCorrelationID =
 * requestId) on rq.queue, and consumes rs.queue with competing consumers. core-app must not run.
 *
 * <p>Sends are asynchronous: each of a few sender lanes (one thread, one session) hands its message to
 * the broker and goes on with the next, and the broker confirms it once the message is stored (a
 * confirmation window makes Artemis report that). The broker does the same work per request as for
 * core-app's blocking sends, but the rate no longer depends on how long it takes to store one: blocking
 * sends from 16 threads, waiting ~100 ms each on a saturated machine, held only ~140 requests/s.
 */
final class JmsLoad implements LoadDriver {

    /** One mapper for the run: OsagoJson.mapper() builds a new one, ~0.3 ms of CPU a request against ~5 µs. */
    private static final ObjectMapper JSON = OsagoJson.mapper();
    /** Bytes of sent-but-unconfirmed messages a session may have; ~1,900 requests of ~550 bytes. */
    private static final int CONFIRMATION_WINDOW_BYTES = 1 << 20;
    /**
     * Events read before one acknowledgement, in bytes (~200 events). core-app, the events' real reader,
     * commits a batch of up to 200 at once; acknowledging each event alone would charge the broker a journal
     * record per event that the system it stands for does not cost.
     */
    private static final int ACK_BATCH_BYTES = 200 * 1024;

    private final Tracker tracker;
    private final ActiveMQConnectionFactory consumerFactory;
    private final ActiveMQConnectionFactory producerFactory;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicLong unconfirmed = new AtomicLong();
    private final LocalDate today = LocalDate.now();

    /** One sender thread with the session only it uses (JMS sessions are single-threaded). */
    private record Lane(ThreadPoolExecutor thread, Session session, MessageProducer producer) {
    }

    JmsLoad(Options options, Tracker tracker) throws JMSException {
        this.tracker = tracker;
        this.consumerFactory = new ActiveMQConnectionFactory(options.brokerUrl(), "osago", "osago");
        consumerFactory.setDupsOKBatchSize(ACK_BATCH_BYTES);
        this.producerFactory = new ActiveMQConnectionFactory(options.brokerUrl(), "osago", "osago");
        producerFactory.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
        Connection consumerConnection = consumerFactory.createConnection();
        connections.add(consumerConnection);
        for (int i = 0; i < options.consumers(); i++) {
            Session session = consumerConnection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("rs.queue"));
            consumer.setMessageListener(this::received);
        }
        consumerConnection.start();
        // two connections, so a lane's large message never waits behind another lane's on one socket
        List<Connection> producerConnections = List.of(producerFactory.createConnection(), producerFactory.createConnection());
        connections.addAll(producerConnections);
        for (int i = 0; i < options.senders(); i++) {
            Session session = producerConnections.get(i % producerConnections.size()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("rq.queue"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            String name = "jms-sender-" + i;
            ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> new Thread(r, name));
            lanes.add(new Lane(thread, session, producer));
        }
    }

    private void received(Message message) {
        try {
            for (EventReader.Event e : EventReader.readAll(((TextMessage) message).getText())) {
                tracker.event(tracker.find(e.requestId()), e.eventId(), e.type(), e.insurer(), e.at());
            }
        } catch (Exception ex) {
            tracker.error("event not readable: " + ex.getClass().getSimpleName());
        }
    }

    /** Round-robin over the lanes; returns at once, so the pacing thread keeps its schedule. */
    @Override
    public void send(int index) {
        Lane lane = lanes.get(index % lanes.size());
        lane.thread().execute(() -> {
            String requestId = UUID.randomUUID().toString();
            boolean handedOver = false;
            try {
                TextMessage message = lane.session().createTextMessage(
                        JSON.writeValueAsString(SampleRequests.valid(requestId, "bench-" + index % 1000, today)));
                message.setJMSCorrelationID(requestId);
                tracker.sent(requestId);
                unconfirmed.incrementAndGet();
                handedOver = true;
                lane.producer().send(message, confirmation);
            } catch (Exception e) {
                if (handedOver) {
                    // refused at once: no confirmation will come for it
                    unconfirmed.decrementAndGet();
                }
                tracker.sendError(e.getClass().getSimpleName());
            }
        });
    }

    private final CompletionListener confirmation = new CompletionListener() {
        @Override
        public void onCompletion(Message message) {
            unconfirmed.decrementAndGet();
        }

        @Override
        public void onException(Message message, Exception exception) {
            unconfirmed.decrementAndGet();
            tracker.sendError(exception.getClass().getSimpleName());
        }
    };

    /** Requests queued in the lanes, not yet handed to the broker's client. */
    @Override
    public long backlog() {
        long queued = 0;
        for (Lane lane : lanes) {
            queued += lane.thread().getQueue().size();
        }
        return queued;
    }

    /** Sent and not yet confirmed stored by the broker: grows when the broker, not the generator, lags. */
    @Override
    public long unconfirmed() {
        return unconfirmed.get();
    }

    @Override
    public void close() throws Exception {
        for (Lane lane : lanes) {
            lane.thread().shutdown();
        }
        for (Lane lane : lanes) {
            lane.thread().awaitTermination(10, TimeUnit.SECONDS);
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unconfirmed.get() > 0 && System.nanoTime() - giveUp < 0) {
            Thread.sleep(50);
        }
        for (Connection c : connections) {
            c.close();
        }
        consumerFactory.close();
        producerFactory.close();
    }
}
