package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import ru.osago.model.InsurerRef;
import ru.osago.model.Offer;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;
import ru.osago.model.Summary;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for the aggregator when the generator is checked against a broker alone: answers each request
 * on rq.queue at once with ACCEPTED, OFFERs and COMPLETED on rs.queue (persistent, sent asynchronously as
 * the generator sends), so the generator's receive side gets the aggregator's number of events without the
 * aggregator's CPU. Run it in a process of its own, so the generator's CPU per request is the generator's:
 *
 * <pre>java -jar bench-exec.jar jms-echo --broker-url tcp://127.0.0.1:61616 [--events 7] [--consumers 4] [--seconds 120]</pre>
 *
 * {@code --events} counts every event of a request (at least 2: ACCEPTED and COMPLETED); it stops by itself
 * after {@code --seconds}.
 */
final class JmsEcho {

    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final List<InsurerRef> INSURERS = List.of(new InsurerRef("bereza", "Берёза Страхование"),
            new InsurerRef("volga", "Волга Полис"), new InsurerRef("garant", "Гарант-Авто"),
            new InsurerRef("dobrynya", "Добрыня"), new InsurerRef("enisey", "Енисей Страхование"));

    private JmsEcho() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ToolOptions.parse(args, Map.of("broker-url", "tcp://127.0.0.1:61616", "events", "7",
                "consumers", "4", "seconds", "120"),
                "jms-echo [--broker-url u] [--events n] [--consumers n] [--seconds s]");
        int offers = Math.max(0, Integer.parseInt(o.get("events")) - 2);
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        CompletionListener confirmation = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                // stored: nothing to do
            }

            @Override
            public void onException(Message message, Exception exception) {
                failures.increment();
            }
        };
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(o.get("broker-url"), "osago", "osago")) {
            factory.setConfirmationWindowSize(1 << 20);
            try (Connection connection = factory.createConnection()) {
                for (int i = 0; i < Integer.parseInt(o.get("consumers")); i++) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("rs.queue"));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    MessageConsumer consumer = session.createConsumer(session.createQueue("rq.queue"));
                    consumer.setMessageListener(request -> {
                        try {
                            for (QuoteEvent event : events(request.getJMSCorrelationID(), offers)) {
                                producer.send(session.createTextMessage(JSON.writeValueAsString(event)), confirmation);
                            }
                            requests.increment();
                        } catch (Exception e) {
                            failures.increment();
                        }
                    });
                }
                connection.start();
                System.out.printf("jms-echo: answering rq.queue with %d events each for %s s%n", offers + 2, o.get("seconds"));
                long end = System.nanoTime() + Long.parseLong(o.get("seconds")) * 1_000_000_000L;
                while (System.nanoTime() - end < 0) {
                    Thread.sleep(5000);
                    System.out.printf("jms-echo: %d requests answered, %d failures%n", requests.sum(), failures.sum());
                }
            }
        }
    }

    /** ACCEPTED, {@code offers} OFFERs (insurers in turn) and COMPLETED, numbered as the aggregator numbers them. */
    static List<QuoteEvent> events(String requestId, int offers) {
        Instant now = Instant.now();
        QuoteEvent[] events = new QuoteEvent[offers + 2];
        events[0] = QuoteEvent.accepted(requestId, 1, now, INSURERS, now.plusSeconds(60));
        for (int i = 0; i < offers; i++) {
            InsurerRef insurer = INSURERS.get(i % INSURERS.size());
            // a sixth offer of one insurer would repeat an eventId: name it apart so it is not a duplicate
            InsurerRef named = i < INSURERS.size() ? insurer : new InsurerRef(insurer.id() + "-" + i, insurer.name());
            events[i + 1] = QuoteEvent.offer(requestId, i + 2, now, named,
                    new Offer("OFF-" + i, BigDecimal.valueOf(4500 + i), "RUB", now.plusSeconds(259_200)));
        }
        events[offers + 1] = QuoteEvent.completed(requestId, offers + 2, now,
                new Summary(INSURERS.size(), offers, 0, 0, INSURERS.size() - Math.min(offers, INSURERS.size()),
                        offers > 0 ? "bereza" : null, offers > 0 ? BigDecimal.valueOf(4500) : null));
        return List.of(events);
    }
}
