package ru.osago.stubs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stubs as a process: {@code java -jar stubs-exec.jar [--config stubs.yml] [--faults-file faults.yml]}.
 * Without {@code --config} it uses the stubs.yml inside the jar. {@code --faults-file} names a file whose fault
 * rates replace the configured ones while it exists, read again whenever it changes ({@link FaultSwitch}).
 * Stops on SIGTERM or Ctrl-C.
 */
public final class StubsMain {

    private static final String USAGE = "usage: java -jar stubs-exec.jar [--config path/to/stubs.yml] [--faults-file path/to/faults.yml]";

    private StubsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        String config = options.get("--config");
        String faultsFile = options.get("--faults-file");
        List<StubConfig> configs = config == null ? StubsConfigLoader.loadDefault() : StubsConfigLoader.load(Path.of(config));
        InsurerStubs stubs = faultsFile == null ? InsurerStubs.start(configs) : InsurerStubs.start(configs, Path.of(faultsFile));
        for (String id : stubs.ids()) {
            StubConfig c = stubs.config(id);
            System.out.printf(Locale.ROOT, "stub %-10s %-11s port %d  delay %d-%d ms  decline %.2f  error %.2f  (%s)%n",
                    id, c.dialect().name().toLowerCase(Locale.ROOT).replace('_', '-'), stubs.port(id), c.delayMinMs(),
                    c.delayMaxMs(), c.declineRate(), c.errorRate(), c.name());
        }
        if (faultsFile != null) {
            System.out.println("fault rates are replaced while " + faultsFile + " exists");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stubs.close();
            System.out.println("stubs stopped");
            stopped.countDown();
        }, "stubs-shutdown"));
        stopped.await();
    }

    /** {@code --name value} or {@code --name=value} for the two options; exits on anything else. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            boolean known = pair[0].equals("--config") || pair[0].equals("--faults-file");
            if (known && pair.length == 2) {
                options.put(pair[0], pair[1]);
            } else if (known && i + 1 < args.length) {
                options.put(pair[0], args[++i]);
            } else {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        return options;
    }
}
