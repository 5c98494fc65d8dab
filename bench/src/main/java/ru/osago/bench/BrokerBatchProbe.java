package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's CPU per event when events travel one to a message, as on rs.queue, or several to a message.
 * A producer sends {@code --events-per-second} persistent events in one JMS transaction per 20 ms tick (the
 * aggregator sends a transaction of events per outcome batch, every 25 ms), {@code N} events to a message (a JSON array of the events a request has: ACCEPTED,
 * five OFFERs, COMPLETED); a consumer takes them in transactions of up to 100 messages (as core-app does). After
 * a warm-up, the broker's CPU in the window (from /proc) is divided by the events consumed in it. Each N runs in
 * turn, on a queue of its own; the broker should have nothing else to do meanwhile. Its CPU with no messages
 * (20 s, before the first) is reported apart, in ms a second as the windows' figure.
 *
 * <pre>java -jar bench-exec.jar broker-batch --pid &lt;broker pid&gt; [--broker-url tcp://127.0.0.1:61616]
 *     [--events-per-second 1200] [--per-message 1,8,32] [--warmup 20] [--seconds 40]</pre>
 *
 * bench/broker-batch-probe.sh starts the broker of {@code ./run.sh} alone for it.
 */
final class BrokerBatchProbe {

    private static final long TICK_NANOS = 20_000_000L;
    private static final int MESSAGES_PER_RECEIVE_TRANSACTION = 100;
    private static final int IDLE_SECONDS = 20;

    private BrokerBatchProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ToolOptions.parse(args, Map.of("broker-url", "tcp://127.0.0.1:61616", "pid", "0",
                "events-per-second", "1200", "per-message", "1,8,32", "warmup", "20", "seconds", "40"),
                "broker-batch --pid p [--broker-url u] [--events-per-second n] [--per-message 1,8,32] [--warmup s] [--seconds s]");
        long pid = Long.parseLong(o.get("pid"));
        if (pid <= 0) {
            throw new IllegalArgumentException("--pid: the broker's process id is needed for its CPU");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadAverageBefore", ProcCpu.loadAverage());
        // the broker's timers use CPU with no message at all: measured apart, so a window's figure can be read net of it
        long ticks = ProcCpu.clockTicks();
        double idleBefore = ProcCpu.processSeconds(pid, ticks);
        Thread.sleep(IDLE_SECONDS * 1000L);
        report.put("brokerIdleCpuMillisPerSecond", Limits.round((ProcCpu.processSeconds(pid, ticks) - idleBefore) / IDLE_SECONDS * 1000));
        for (String n : o.get("per-message").split(",")) {
            Map<String, Object> m = measure(o.get("broker-url"), pid, Integer.parseInt(o.get("events-per-second")),
                    Integer.parseInt(n.trim()), Integer.parseInt(o.get("warmup")), Integer.parseInt(o.get("seconds")));
            System.err.println("broker-batch: " + n.trim() + " events a message: " + m);
            report.put(n.trim() + " events a message", m);
        }
        report.put("loadAverageAfter", ProcCpu.loadAverage());
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    }

    static Map<String, Object> measure(String brokerUrl, long brokerPid, int eventsPerSecond, int perMessage,
                                       int warmupSeconds, int seconds) throws Exception {
        List<String> texts = messageTexts(perMessage);
        long ticks = ProcCpu.clockTicks();
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean receiving = new AtomicBoolean(true);
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, "osago", "osago");
             Connection connection = factory.createConnection()) {
            connection.start();
            Session in = connection.createSession(true, Session.SESSION_TRANSACTED);
            Session out = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = out.createQueue("bench.broker-batch." + perMessage);
            MessageConsumer consumer = in.createConsumer(queue);
            MessageProducer producer = out.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Thread reader = Thread.ofPlatform().name("broker-batch-in").start(failOn(failed, () -> {
                int pending = 0;
                while (receiving.get() || pending > 0) {
                    boolean got = consumer.receive(50) != null;
                    pending += got ? 1 : 0;
                    if (pending >= MESSAGES_PER_RECEIVE_TRANSACTION || (!got && pending > 0)) {
                        in.commit();
                        received.add((long) pending * perMessage);
                        pending = 0;
                    }
                }
            }));
            long start = System.nanoTime();
            long windowStart = start + warmupSeconds * 1_000_000_000L;
            long end = windowStart + seconds * 1_000_000_000L;
            Thread writer = Thread.ofPlatform().name("broker-batch-out").start(failOn(failed, () -> {
                double due = 0;
                int next = 0;
                for (long tick = start; sending.get() && tick - end < 0; tick += TICK_NANOS) {
                    StubHttpLimit.sleepUntil(tick);
                    due += eventsPerSecond * (TICK_NANOS / 1e9);
                    for (; due >= perMessage; due -= perMessage) {
                        producer.send(out.createTextMessage(texts.get(next++ % texts.size())));
                        sent.add(perMessage);
                    }
                    out.commit();
                }
            }));
            StubHttpLimit.sleepUntil(windowStart);
            long receivedBefore = received.sum();
            double brokerBefore = ProcCpu.processSeconds(brokerPid, ticks);
            long from = System.nanoTime();
            StubHttpLimit.sleepUntil(end);
            long events = received.sum() - receivedBefore;
            double brokerCpu = ProcCpu.processSeconds(brokerPid, ticks) - brokerBefore;
            double windowSeconds = (System.nanoTime() - from) / 1e9;
            sending.set(false);
            writer.join();
            long drainUntil = System.nanoTime() + 10_000_000_000L;
            while (received.sum() < sent.sum() && System.nanoTime() - drainUntil < 0 && failed.get() == null) {
                Thread.sleep(50);
            }
            receiving.set(false);
            reader.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventsPerMessage", perMessage);
            m.put("messageCharacters", texts.getFirst().length());
            m.put("eventsPerSecond", Limits.round(events / windowSeconds));
            m.put("brokerCpuMicrosPerEvent", Limits.round(brokerCpu / Math.max(1, events) * 1e6));
            m.put("brokerCpuMicrosPerMessage", Limits.round(brokerCpu / Math.max(1, events) * perMessage * 1e6));
            m.put("brokerCpuMillisPerSecond", Limits.round(brokerCpu / windowSeconds * 1000));
            m.put("eventsLeftUnread", sent.sum() - received.sum());
            m.put("loadAverage", ProcCpu.loadAverage());
            return m;
        }
    }

    /** Message texts of {@code perMessage} events each: one event's JSON, or a JSON array of several. */
    private static List<String> messageTexts(int perMessage) throws Exception {
        ObjectMapper json = OsagoJson.mapper();
        List<String> events = new ArrayList<>();
        for (int request = 0; request < 64; request++) {
            for (QuoteEvent event : JmsEcho.events(UUID.randomUUID().toString(), 5)) {
                events.add(json.writeValueAsString(event));
            }
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i + perMessage <= events.size(); i += perMessage) {
            List<String> group = events.subList(i, i + perMessage);
            texts.add(perMessage == 1 ? group.getFirst() : "[" + String.join(",", group) + "]");
        }
        return texts;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static Runnable failOn(AtomicReference<Exception> failed, Work work) {
        return () -> {
            try {
                work.run();
            } catch (Exception e) {
                failed.compareAndSet(null, e);
            }
        };
    }
}
