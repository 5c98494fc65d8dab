package ru.osago.stubs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stubs as a process: {@code java -jar stubs-exec.jar [--config stubs.yml]}. Without
 * {@code --config} it uses the stubs.yml inside the jar. Stops on SIGTERM or Ctrl-C.
 */
public final class StubsMain {

    private StubsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<StubConfig> configs = configs(args);
        InsurerStubs stubs = InsurerStubs.start(configs);
        for (String id : stubs.ids()) {
            StubConfig config = stubs.config(id);
            System.out.printf(Locale.ROOT, "stub %-10s %-11s port %d  delay %d-%d ms  decline %.2f  error %.2f  (%s)%n",
                    id, config.dialect().name().toLowerCase(Locale.ROOT).replace('_', '-'), stubs.port(id), config.delayMinMs(),
                    config.delayMaxMs(), config.declineRate(), config.errorRate(), config.name());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stubs.close();
            System.out.println("stubs stopped");
            stopped.countDown();
        }, "stubs-shutdown"));
        stopped.await();
    }

    private static List<StubConfig> configs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return StubsConfigLoader.load(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return StubsConfigLoader.load(Path.of(args[i].substring("--config=".length())));
            }
        }
        if (args.length > 0) {
            System.err.println("usage: java -jar stubs-exec.jar [--config path/to/stubs.yml]");
            System.exit(2);
        }
        return StubsConfigLoader.loadDefault();
    }
}
