package ru.osago.aggregator.support;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;

/**
 * A real Artemis broker in the test JVM, on a real TCP port so that child processes (core-app in the
 * end-to-end test) reach it too. Started once per JVM, stopped at exit.
 */
public final class TestBroker {

    private static String url;

    private TestBroker() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    private static String start() {
        try {
            int port = freePort();
            Configuration config = new ConfigurationImpl()
                    .setPersistenceEnabled(true)
                    // NIO: no libaio, whose native load JDK 24+ warns about from an unnamed module
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(Files.createTempDirectory("artemis-journal").toString())
                    .setBindingsDirectory(Files.createTempDirectory("artemis-bindings").toString())
                    .setLargeMessagesDirectory(Files.createTempDirectory("artemis-large").toString())
                    .setPagingDirectory(Files.createTempDirectory("artemis-paging").toString())
                    .setSecurityEnabled(false)
                    .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
            // the deliveries artemis/broker.properties allows (and osago.intake.max-deliveries expects): with
            // fewer, the broker dead-lettered a request before intake's last-delivery rule could run
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setMaxDeliveryAttempts(5)
                    .setRedeliveryDelay(100));
            EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.stop();
                } catch (Exception ignored) {
                    // the JVM is going away anyway
                }
            }));
            return "tcp://127.0.0.1:" + port;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis did not start", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
