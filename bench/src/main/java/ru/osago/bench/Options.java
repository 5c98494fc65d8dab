package ru.osago.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of the generator; bench.sh passes the pids and paths it knows. */
record Options(
        String mode,
        double rate,
        int durationSeconds,
        int warmupSeconds,
        boolean limits,
        int limitSeconds,
        int deadlineSeconds,
        int graceSeconds,
        String label,
        Path out,
        Path repo,
        Path artemisHome,
        String brokerUrl,
        List<String> coreAppUrls,
        String jdbcUrl,
        int senders,
        int consumers,
        List<String> schemas,
        int connections,
        int live,
        String tokenSecret,
        Map<String, Long> pids) {

    static final String USAGE = """
            usage: bench [--mode jms|rest|sse|streams|none] [--rate N] [--duration S] [--warmup S] [--limits] [--limit-seconds S]
                         [--deadline S] [--grace S] [--label text] [--out dir] [--repo dir] [--artemis-home dir]
                         [--broker-url url] [--core-app-url url[,url]] [--jdbc-url url] [--senders N] [--consumers N]
                         [--schemas osago,core_app] [--connections N] [--live N] [--token-secret s]
                         [--pid name=pid]...""";

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        boolean limits = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--limits")) {
                limits = true;
                continue;
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument: " + arg + "\n" + USAGE);
            }
            String value = args[++i];
            if (arg.equals("--pid")) {
                String[] nameAndPid = value.split("=", 2);
                pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
            } else {
                values.put(arg.substring(2), value);
            }
        }
        Path repo = Path.of(values.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        Options options = new Options(
                values.getOrDefault("mode", "jms"),
                Double.parseDouble(values.getOrDefault("rate", "100")),
                Integer.parseInt(values.getOrDefault("duration", "60")),
                // the JIT compiles for the first minute or more: a long run's steady state starts later
                Integer.parseInt(values.getOrDefault("warmup",
                        Integer.parseInt(values.getOrDefault("duration", "60")) >= 180 ? "90" : "0")),
                limits,
                Integer.parseInt(values.getOrDefault("limit-seconds", "8")),
                Integer.parseInt(values.getOrDefault("deadline", "60")),
                Integer.parseInt(values.getOrDefault("grace", "10")),
                values.getOrDefault("label", ""),
                Path.of(values.getOrDefault("out", repo.resolve("bench/results").toString())),
                repo,
                Path.of(values.getOrDefault("artemis-home", repo.resolve(".run/apache-artemis-2.40.0").toString())),
                values.getOrDefault("broker-url", "tcp://127.0.0.1:61616"),
                // several core-app instances: rest mode posts to each in turn and follows the stream on the next one
                List.of(values.getOrDefault("core-app-url", "http://127.0.0.1:8080").split(",")),
                values.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
                Integer.parseInt(values.getOrDefault("senders", "4")),
                Integer.parseInt(values.getOrDefault("consumers", "8")),
                List.of(values.getOrDefault("schemas", "osago,core_app").split(",")),
                // streams mode: WebSockets held open on core-app, and how many of them on live quotes
                Integer.parseInt(values.getOrDefault("connections", "10000")),
                Integer.parseInt(values.getOrDefault("live", "1000")),
                // core-app's token secret (its development default unless the environment sets one)
                values.getOrDefault("token-secret", System.getenv().getOrDefault("OSAGO_CORE_TOKEN_SECRET",
                        "dev-only-secret-change-me-0123456789abcdef")),
                pids);
        if (!options.mode.matches("jms|rest|sse|streams|none")) {
            throw new IllegalArgumentException("--mode must be jms, rest, sse, streams or none\n" + USAGE);
        }
        return options;
    }

    /**
     * The JVMs under test by name: aggregator and core-app instances, and the broker (whose journal and delivery
     * threads show what its CPU per message is spent on). Their threads are measured by kind.
     */
    Map<String, Long> jvmPids() {
        Map<String, Long> jvms = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (name.startsWith("aggregator") || name.startsWith("core-app") || name.equals("broker")) {
                jvms.put(name, pid);
            }
        });
        return jvms;
    }

    /** The first core-app instance (the only one, unless --core-app-url lists several). */
    String coreAppUrl() {
        return coreAppUrls.get(0);
    }
}
