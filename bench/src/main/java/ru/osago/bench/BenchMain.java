package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import ru.osago.stubs.StubConfig;
import ru.osago.stubs.StubsConfigLoader;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: optionally measures the parts' limits, then sends requests at a fixed rate for a
 * fixed time, follows each to its COMPLETED, and writes a JSON summary and a PNG plot. Stops by itself:
 * at most duration + deadline + grace seconds after it started sending.
 */
public final class BenchMain {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The slack the target allows over an insurer's own delay, and the latest COMPLETED. */
    private static final long OFFER_SLACK_MS = 1000;
    private static final long COMPLETED_BY_MS = 61_000;
    private static final long POST_REPLY_BOUND_MS = 200;
    private static final long PUSH_BOUND_MS = 50;

    private BenchMain() {
    }

    public static void main(String[] args) {
        // client libraries may leave non-daemon threads behind: the run is over either way
        try {
            if (args.length > 0 && args[0].equals("stub-http")) {
                StubHttpLimit.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            } else if (args.length > 0 && args[0].equals("broker-batch")) {
                BrokerBatchProbe.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            } else if (args.length > 0 && args[0].equals("wake-cost")) {
                WakeCost.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            } else if (args.length > 0 && args[0].equals("jms-echo")) {
                JmsEcho.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            } else {
                run(args);
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Options options = Options.parse(args);
        Map<String, Object> report = new LinkedHashMap<>();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        report.put("startedAt", Instant.now().toString());
        report.put("label", options.label());
        report.put("machine", machine());
        System.out.println("bench: " + report.get("machine"));
        if (options.limits()) {
            report.put("limits", new Limits(options).run());
        }
        if (options.mode().equals("streams")) {
            report.put("streams", StreamsRun.run(options));
            System.out.println("bench: " + JSON.writeValueAsString(report.get("streams")));
        } else if (!options.mode().equals("none")) {
            report.put("load", load(options));
        }
        Files.createDirectories(options.out());
        String name = stamp + "-" + options.mode() + switch (options.mode()) {
            case "none" -> "";
            case "streams" -> "-" + options.connections();
            default -> "-" + (long) options.rate();
        };
        Path json = options.out().resolve(name + ".json");
        JSON.writeValue(json.toFile(), report);
        System.out.println("bench: wrote " + json);
        if (report.get("load") instanceof Load load) {
            Path png = options.out().resolve(name + ".png");
            load.plot(png, options);
            System.out.println("bench: wrote " + png);
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", ProcCpu.loadAverage());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal") || line.startsWith("MemAvailable")) {
                    m.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (java.io.IOException e) {
            m.put("MemTotal", "unknown");
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** The result of the load phase; serialised as its {@link #summary} map. */
    record Load(Map<String, Object> summary) {

        @com.fasterxml.jackson.annotation.JsonValue
        Map<String, Object> json() {
            return summary;
        }

        /** Draws the per-second figures of the summary ({@code perSecond}); a p99 of -1 (no sample) is left out. */
        void plot(Path png, Options options) throws java.io.IOException {
            @SuppressWarnings("unchecked")
            Map<String, long[]> perSecond = (Map<String, long[]>) summary.get("perSecond");
            Plot.write(png, String.format(Locale.ROOT, "%s mode, target %.0f req/s for %d s, nproc %s, load %s → %s  %s",
                            options.mode(), options.rate(), options.durationSeconds(), Runtime.getRuntime().availableProcessors(),
                            summary.get("loadAverageBefore"), summary.get("loadAverageAfter"), options.label()),
                    List.of(new Plot.Series("sent", Color.BLUE, values(perSecond.get("sent"))),
                            new Plot.Series("ACCEPTED", new Color(0, 150, 0), values(perSecond.get("accepted"))),
                            new Plot.Series("COMPLETED", Color.RED, values(perSecond.get("completed")))),
                    List.of(new Plot.Series("ACCEPTED p99", new Color(0, 150, 0), values(perSecond.get("acceptedP99Ms"))),
                            new Plot.Series("first OFFER p99", Color.MAGENTA, values(perSecond.get("firstOfferP99Ms")))));
        }

        private static double[] values(long[] perSecond) {
            return java.util.Arrays.stream(perSecond).mapToDouble(v -> v < 0 ? Double.NaN : v).toArray();
        }
    }

    private static Load load(Options options) throws Exception {
        int seconds = options.durationSeconds() + options.deadlineSeconds() + options.graceSeconds() + 60;
        long ticks = ProcCpu.clockTicks();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", options.mode());
        s.put("targetRate", options.rate());
        s.put("durationSeconds", options.durationSeconds());
        s.put("nproc", Runtime.getRuntime().availableProcessors());
        s.put("loadAverageBefore", ProcCpu.loadAverage());
        Map<String, Long> countersBefore = Counters.snapshot(options);
        boolean rest = options.mode().equals("rest");
        CoreAppMetrics.Scrape pushBefore = rest ? CoreAppMetrics.scrape(options.coreAppUrls()) : null;
        Tracker tracker = new Tracker(seconds);
        try (LoadDriver driver = switch (options.mode()) {
            case "jms" -> new JmsLoad(options, tracker);
            case "sse" -> new SseLoad(options, tracker);
            default -> new RestLoad(options, tracker);
        }) {
            Map<String, Double> cpuBefore = ProcCpu.snapshot(options.pids(), ticks);
            Map<String, Map<String, Double>> threadsBefore = appThreads(options, ticks);
            Map<String, Double> generatorThreadsBefore = ProcCpu.byThread(ProcessHandle.current().pid(), ticks);
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            long[] last = {0, 0};
            progress.scheduleAtFixedRate(() -> progress(tracker, driver, last), 5, 5, TimeUnit.SECONDS);
            long total = (long) (options.rate() * options.durationSeconds());
            long start = System.nanoTime();
            long intervalNanos = (long) (1e9 / options.rate());
            long maxLagNanos = 0;
            long warmupRequests = (long) (options.rate() * options.warmupSeconds());
            Steady steady = null;
            CoreAppMetrics.Scrape pushSteadyFrom = null;
            for (int i = 0; i < total; i++) {
                if (i == warmupRequests && warmupRequests > 0) {
                    steady = new Steady(options, ticks, i);
                    tracker.steadyFromNanos = System.nanoTime();
                    pushSteadyFrom = rest ? CoreAppMetrics.scrape(options.coreAppUrls()) : null;
                }
                long target = start + i * intervalNanos;
                long now;
                while ((now = System.nanoTime()) < target) {
                    LockSupport.parkNanos(target - now);
                }
                maxLagNanos = Math.max(maxLagNanos, now - target);
                driver.send(i);
            }
            long sendEnd = System.nanoTime();
            Map<String, Object> steadyState = steady == null ? null : steady.end(total);
            long waitUntil = sendEnd + (options.deadlineSeconds() + options.graceSeconds()) * 1_000_000_000L;
            while ((tracker.open() > 0 || driver.backlog() > 0) && System.nanoTime() < waitUntil) {
                Thread.sleep(200);
            }
            tracker.end();
            Map<String, Double> cpuAfter = ProcCpu.snapshot(options.pids(), ticks);
            Map<String, Map<String, Double>> threadsAfter = appThreads(options, ticks);
            Map<String, Double> generatorThreadsAfter = ProcCpu.byThread(ProcessHandle.current().pid(), ticks);
            long end = System.nanoTime();
            progress.shutdownNow();
            progress(tracker, driver, last);
            s.put("loadAverageAfter", ProcCpu.loadAverage());
            long sent = tracker.sent.get();
            // until the last request was really handed over, not until the schedule handed it to a sender
            // thread: requests still queued in the generator after the schedule's end are not on time
            double sendSeconds = (Math.max(sendEnd, tracker.lastSentNanos) - start) / 1e9;
            s.put("requestsSent", sent);
            s.put("achievedRate", Limits.round(sent / sendSeconds));
            s.put("sentSecondsAfterSchedule", Limits.round(Math.max(0, tracker.lastSentNanos - sendEnd) / 1e9));
            s.put("maxSendLagMs", maxLagNanos / 1_000_000);
            s.put("secondsUntilAllDone", Limits.round((end - start) / 1e9));
            s.put("accepted", tracker.acceptedCount.sum());
            s.put("completed", tracker.completedCount.sum());
            s.put("offers", tracker.offers.sum());
            s.put("events", tracker.events.sum());
            Map<String, Object> latency = new LinkedHashMap<>();
            if (!options.mode().equals("jms")) {
                latency.put("postReply", Tracker.summary(tracker.postReply));
                latency.put("postReplySteady", Tracker.summary(tracker.postReplySteady));
                Map<String, Object> client = Tracker.summary(tracker.clientLookup);
                client.put("answers", new TreeMap<>(tracker.clientLookupAnswers));
                latency.put("clientLookup", client);
            }
            latency.put("accepted", Tracker.summary(tracker.accepted));
            latency.put("firstOffer", Tracker.summary(tracker.firstOffer));
            latency.put("completed", Tracker.summary(tracker.completed));
            latency.put("completedDecided", Tracker.summary(tracker.completedDecided));
            latency.put("completedDelivered", Tracker.summary(tracker.completedDelivered));
            Map<String, Object> byInsurer = new TreeMap<>();
            tracker.offerByInsurer.forEach((k, h) -> byInsurer.put(k, Tracker.summary(h)));
            latency.put("offerByInsurer", byInsurer);
            if (rest) {
                // from the event's arrival on rs.queue to its frame leaving core-app, as core-app measured it: the
                // whole run, and from the warm-up's end on (the JIT still compiles in the first minutes)
                CoreAppMetrics.Scrape pushAfter = CoreAppMetrics.scrape(options.coreAppUrls());
                latency.put("push", CoreAppMetrics.between(pushBefore, pushAfter));
                if (pushSteadyFrom != null) {
                    latency.put("pushSteady", CoreAppMetrics.between(pushSteadyFrom, pushAfter));
                    // absent when core-app counts no batches (a jar from before the metric)
                    if (pushAfter.batches() > pushSteadyFrom.batches()) {
                        s.put("eventBatchesSteady", CoreAppMetrics.batchesBetween(pushSteadyFrom, pushAfter));
                    }
                }
            }
            s.put("latencyMs", latency);
            Map<String, Long> losses = tracker.losses((options.deadlineSeconds() + options.graceSeconds()) * 1000L, COMPLETED_BY_MS);
            s.put("losses", losses);
            s.put("lostRequestIds", tracker.lostIds((options.deadlineSeconds() + options.graceSeconds()) * 1000L, 20));
            s.put("duplicateEvents", tracker.duplicates.sum());
            s.put("eventsOfOtherRuns", tracker.unknownEvents.sum());
            s.put("eventsAfterEnd", tracker.eventsAfterEnd.sum());
            s.put("rejected", tracker.rejected.sum());
            Map<String, Long> errors = new TreeMap<>();
            tracker.errorKinds.forEach((k, v) -> errors.put(k, v.sum()));
            s.put("errors", errors);
            // the generator's own cost (pacing, sending, reading and tracking every event): it shares the cores
            double generatorCpu = cpuAfter.get("generator") - cpuBefore.get("generator");
            s.put("generatorCpuMicrosPerRequest", Limits.round(generatorCpu / Math.max(1, sent) * 1e6));
            s.put("generatorCoresUsed", Limits.round(generatorCpu / ((end - start) / 1e9)));
            // which of its threads: senders, the broker client's, the event consumers, or the JIT and GC
            s.put("generatorCpuSecondsByThread", threadDelta(Map.of("generator", generatorThreadsBefore),
                    Map.of("generator", generatorThreadsAfter)).get("generator"));
            s.put("cpuSecondsPer1000Requests", cpuPer1000(cpuBefore, cpuAfter, sent));
            s.put("cpuSecondsTotal", cpuTotal(cpuBefore, cpuAfter));
            s.put("appCpuSecondsByThread", threadDelta(threadsBefore, threadsAfter));
            s.put("wallSeconds", Limits.round((end - start) / 1e9));
            if (steadyState != null) {
                s.put("steadyState", steadyState);
            }
            Thread.sleep(1500);
            Map<String, Long> work = Counters.delta(countersBefore, Counters.snapshot(options));
            s.put("workMeasured", work);
            s.put("workPerRequest", perRequest(work, sent));
            s.put("targetMet", verdict(options, latency, tracker, losses, sent / sendSeconds));
            s.put("perSecond", perSecond(tracker, tracker.second(end) + 1));
            System.out.println("bench: " + JSON.writeValueAsString(s));
            System.out.printf(Locale.ROOT, "bench: sent %d requests at %.1f/s (target %.1f), max send lag %d ms, %d COMPLETED;"
                            + " the generator's own CPU %.1f us per request (%.2f cores)%n", sent, sent / sendSeconds,
                    options.rate(), maxLagNanos / 1_000_000, tracker.completedCount.sum(),
                    s.get("generatorCpuMicrosPerRequest"), s.get("generatorCoresUsed"));
            return new Load(s);
        }
    }

    /**
     * CPU used while requests were sent after the warm-up, per request sent in that window: the JIT's
     * first minutes and the drain at the end left out. In a steady state the work done in the window
     * is what the requests sent in it cause.
     */
    private static final class Steady {
        private final Options options;
        private final long ticks;
        private final long firstRequest;
        private final long startNanos = System.nanoTime();
        private final Instant startedAt = Instant.now();
        private final Map<String, Double> cpu;
        private final Map<String, Map<String, Double>> threads;
        private final Map<String, Map<String, long[]>> switches;

        Steady(Options options, long ticks, long firstRequest) {
            this.options = options;
            this.ticks = ticks;
            this.firstRequest = firstRequest;
            this.cpu = ProcCpu.snapshot(options.pids(), ticks);
            this.threads = appThreads(options, ticks);
            this.switches = ContextSwitches.snapshot(options.jvmPids());
        }

        Map<String, Object> end(long sent) throws IOException {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Double> cpuAfter = ProcCpu.snapshot(options.pids(), ticks);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromSecond", options.warmupSeconds());
            m.put("seconds", Limits.round(seconds));
            m.put("requests", sent - firstRequest);
            m.put("cpuSecondsPer1000Requests", cpuPer1000(cpu, cpuAfter, sent - firstRequest));
            m.put("generatorCpuMicrosPerRequest", Limits.round((cpuAfter.get("generator") - cpu.get("generator"))
                    / Math.max(1, sent - firstRequest) * 1e6));
            Map<String, Object> cores = new LinkedHashMap<>();
            cpuTotal(cpu, cpuAfter).forEach((k, v) -> cores.put(k, Limits.round((Double) v / seconds)));
            m.put("coresUsed", cores);
            Map<String, Map<String, Double>> threadsAfter = appThreads(options, ticks);
            Map<String, Map<String, Double>> used = threadCpuUsed(threads, threadsAfter);
            m.put("appCpuSecondsByThread", largestThreads(used));
            m.put("jitCpuSecondsPer1000Requests", jitPer1000(used, sent - firstRequest));
            m.put("contextSwitchesPerRequest", ContextSwitches.perRequest(switches,
                    ContextSwitches.snapshot(options.jvmPids()), sent - firstRequest));
            m.put("aggregatorGc", aggregatorGc(options, startedAt, Instant.now()));
            m.put("loadAverage", ProcCpu.loadAverage());
            return m;
        }
    }

    /**
     * Per application process: its JIT compiler threads' share of the window's CPU per 1,000 requests. It is
     * warm-up, not the requests' own cost: while it is more than a few percent of the process's figure, the
     * JIT has not settled and the window should start later ({@code --warmup}).
     */
    private static Map<String, Double> jitPer1000(Map<String, Map<String, Double>> used, long requests) {
        Map<String, Double> jit = new TreeMap<>();
        used.forEach((process, threads) -> {
            double seconds = threads.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToDouble(Map.Entry::getValue).sum();
            jit.put(process, Limits.round(seconds * 1000 / Math.max(1, requests)));
        });
        return jit;
    }

    /** Per aggregator process: its GC pauses and heap in the window, from the GC log bench.sh had it write. */
    private static Map<String, Object> aggregatorGc(Options options, Instant from, Instant to) throws IOException {
        Map<String, Object> all = new TreeMap<>();
        for (Map.Entry<String, Long> process : options.pids().entrySet()) {
            if (process.getKey().startsWith("aggregator")) {
                // bench.sh names every aggregator JVM's log gc-aggregator-<pid>.log, the second instance's too
                Path log = options.repo().resolve(".run/logs/gc-aggregator-" + process.getValue() + ".log");
                all.put(process.getKey(), GcLog.summary(log, from, to));
            }
        }
        return all;
    }

    /** Per JVM under test ({@link Options#jvmPids}): CPU seconds by thread kind. */
    private static Map<String, Map<String, Double>> appThreads(Options options, long ticks) {
        Map<String, Map<String, Double>> all = new TreeMap<>();
        options.jvmPids().forEach((name, pid) -> all.put(name, ProcCpu.byThread(pid, ticks)));
        return all;
    }

    /** Seconds used during the load, the largest first, kinds under 1 % of the process left out. */
    private static Map<String, Map<String, Double>> threadDelta(Map<String, Map<String, Double>> before,
                                                               Map<String, Map<String, Double>> after) {
        return largestThreads(threadCpuUsed(before, after));
    }

    /** Per process, its thread kinds' seconds, the largest first, kinds under 1 % of the process left out. */
    private static Map<String, Map<String, Double>> largestThreads(Map<String, Map<String, Double>> used) {
        Map<String, Map<String, Double>> delta = new TreeMap<>();
        used.forEach((process, threads) -> {
            double total = threads.values().stream().mapToDouble(Double::doubleValue).sum();
            Map<String, Double> shown = new LinkedHashMap<>();
            threads.entrySet().stream().filter(e -> e.getValue() >= total / 100)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> shown.put(e.getKey(), Limits.round(e.getValue())));
            delta.put(process, shown);
        });
        return delta;
    }

    /** Per application process and thread kind: CPU seconds used between two samples of {@link #appThreads}. */
    private static Map<String, Map<String, Double>> threadCpuUsed(Map<String, Map<String, Double>> before,
                                                                 Map<String, Map<String, Double>> after) {
        Map<String, Map<String, Double>> used = new TreeMap<>();
        after.forEach((process, threads) -> {
            Map<String, Double> was = before.getOrDefault(process, Map.of());
            Map<String, Double> kinds = new HashMap<>();
            threads.forEach((kind, s) -> kinds.put(kind, s - was.getOrDefault(kind, 0.0)));
            used.put(process, kinds);
        });
        return used;
    }

    /** The plot's data: counts per second and p99 latencies (ms, -1 when none) by arrival second. */
    private static Map<String, Object> perSecond(Tracker t, int seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        long[] sent = new long[seconds];
        long[] accepted = new long[seconds];
        long[] completed = new long[seconds];
        long[] offers = new long[seconds];
        long[] acceptedP99 = new long[seconds];
        long[] firstOfferP99 = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            sent[i] = t.sentPerSecond.get(i);
            accepted[i] = t.acceptedPerSecond.get(i);
            completed[i] = t.completedPerSecond.get(i);
            offers[i] = t.offersPerSecond.get(i);
            acceptedP99[i] = t.acceptedLatencyPerSecond[i].getTotalCount() == 0 ? -1 : t.acceptedLatencyPerSecond[i].getValueAtPercentile(99);
            firstOfferP99[i] = t.firstOfferLatencyPerSecond[i].getTotalCount() == 0 ? -1 : t.firstOfferLatencyPerSecond[i].getValueAtPercentile(99);
        }
        m.put("sent", sent);
        m.put("accepted", accepted);
        m.put("completed", completed);
        m.put("offers", offers);
        m.put("acceptedP99Ms", acceptedP99);
        m.put("firstOfferP99Ms", firstOfferP99);
        return m;
    }

    private static void progress(Tracker t, LoadDriver driver, long[] last) {
        long now = System.nanoTime();
        long sent = t.sent.get();
        double rate = last[0] == 0 ? 0 : (sent - last[1]) / ((now - last[0]) / 1e9);
        last[0] = now;
        last[1] = sent;
        int second = t.second(now);
        Histogram a = new Histogram(Tracker.MAX_MS, 2);
        Histogram f = new Histogram(Tracker.MAX_MS, 2);
        for (int i = Math.max(0, second - 4); i <= second; i++) {
            a.add(t.acceptedLatencyPerSecond[i]);
            f.add(t.firstOfferLatencyPerSecond[i]);
        }
        System.out.printf(Locale.ROOT,
                "%4ds sent %7d (%6.1f/s) accepted %7d completed %7d open %6d offers %7d dup %d err %d | last 5 s p99 ACCEPTED %5d ms, first OFFER %5d ms | backlog %d unconfirmed %d | load %s%n",
                second, sent, rate, t.acceptedCount.sum(), t.completedCount.sum(), t.open(), t.offers.sum(),
                t.duplicates.sum(), t.sendErrors.sum() + t.otherErrors.sum(),
                a.getTotalCount() == 0 ? 0 : a.getValueAtPercentile(99), f.getTotalCount() == 0 ? 0 : f.getValueAtPercentile(99),
                driver.backlog(), driver.unconfirmed(), ProcCpu.loadAverage());
    }

    private static Map<String, Object> cpuPer1000(Map<String, Double> before, Map<String, Double> after, long sent) {
        Map<String, Object> m = new LinkedHashMap<>();
        double sum = 0;
        for (var e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            m.put(e.getKey(), round3(d / Math.max(1, sent) * 1000));
            if (!e.getKey().equals("postgres")) {
                sum += d;
            }
        }
        m.put("allButPostgres", round3(sum / Math.max(1, sent) * 1000));
        return m;
    }

    private static Map<String, Object> cpuTotal(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Object> m = new LinkedHashMap<>();
        after.forEach((k, v) -> m.put(k, round3(v - before.getOrDefault(k, 0.0))));
        return m;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Map<String, Object> perRequest(Map<String, Long> work, long sent) {
        Map<String, Object> m = new LinkedHashMap<>();
        long http = 0;
        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        long hotUpdated = 0;
        long indexRead = 0;
        long brokerAdded = 0;
        long brokerAcked = 0;
        for (var e : work.entrySet()) {
            String k = e.getKey();
            long v = e.getValue();
            if (k.startsWith("http.") && (k.endsWith(".posts") || k.endsWith(".gets"))) {
                http += v;
            } else if (k.startsWith("db.") && k.endsWith(".ins")) {
                inserted += v;
            } else if (k.startsWith("db.") && k.endsWith(".upd")) {
                updated += v;
            } else if (k.startsWith("db.") && k.endsWith(".del")) {
                deleted += v;
            } else if (k.startsWith("db.") && k.endsWith(".hot")) {
                hotUpdated += v;
            } else if (k.startsWith("db.") && k.endsWith(".read")) {
                indexRead += v;
            } else if (k.startsWith("broker.") && k.endsWith(".added")) {
                brokerAdded += v;
            } else if (k.startsWith("broker.") && k.endsWith(".acked")) {
                brokerAcked += v;
            }
        }
        double n = Math.max(1, sent);
        m.put("httpCalls", round3(http / n));
        m.put("rowsInserted", round3(inserted / n));
        m.put("rowsUpdated", round3(updated / n));
        m.put("rowsDeleted", round3(deleted / n));
        m.put("rowsHotUpdated", round3(hotUpdated / n));
        // per index in workMeasured ("db.<schema>.<index>.read")
        m.put("indexEntriesRead", round3(indexRead / n));
        m.put("brokerMessagesSent", round3(brokerAdded / n));
        m.put("brokerMessagesReceived", round3(brokerAcked / n));
        return m;
    }

    /**
     * The bar: nothing lost, the fastest insurer's p99 offer within 1 s of its own delay, all COMPLETED
     * by 61 s. Losses and the deadline count every request; the offer's p99 is judged in the steady state
     * (requests sent after the warm-up) when the run has one, and reported for the whole run beside it.
     */
    private static Map<String, Object> verdict(Options options, Map<String, Object> latency, Tracker t, Map<String, Long> losses, double achieved) {
        Map<String, Object> v = new LinkedHashMap<>();
        StubConfig fastest = null;
        for (StubConfig c : StubsConfigLoader.loadDefault()) {
            if (!c.id().equals("client-info") && (fastest == null || c.delayMaxMs() < fastest.delayMaxMs())) {
                fastest = c;
            }
        }
        long p99 = fastest == null ? -1 : p99(t.offerByInsurer.get(fastest.id()));
        long steadyP99 = fastest == null ? -1 : p99(t.offerByInsurerSteady.get(fastest.id()));
        long judged = steadyP99 >= 0 ? steadyP99 : p99;
        long bound = fastest == null ? 0 : fastest.delayMaxMs() + OFFER_SLACK_MS;
        boolean offersOk = judged >= 0 && judged <= bound;
        boolean nothingLost = losses.get("lost") == 0 && t.duplicates.sum() == 0 && t.sendErrors.sum() == 0 && t.otherErrors.sum() == 0;
        boolean completedInTime = losses.get("completedAfter" + COMPLETED_BY_MS / 1000 + "s") == 0 && t.completed.getTotalCount() > 0;
        boolean rateHeld = achieved >= 0.97 * options.rate();
        v.put("rateHeld", rateHeld);
        v.put("nothingLostNoDuplicatesNoErrors", nothingLost);
        v.put("offerInsurer", fastest == null ? "?" : fastest.id());
        v.put("offerP99Ms", p99);
        v.put("offerP99SteadyMs", steadyP99);
        v.put("offerBoundMs", bound);
        v.put("offerP99WithinBound", offersOk);
        v.put("allCompletedBy61s", completedInTime);
        boolean browserPathOk = true;
        if (options.mode().equals("rest")) {
            // the browser's path adds two bars: POST answered within 200 ms, pushes within 50 ms (p99 both), judged
            // after the warm-up when there was one, as bereza's offers are; the whole run's figures beside them
            long postP99 = p99(t.postReply);
            long postSteadyP99 = p99(t.postReplySteady);
            long postJudged = postSteadyP99 >= 0 ? postSteadyP99 : postP99;
            Object pushP99 = ((Map<?, ?>) latency.get("push")).get("p99Ms");
            Object pushSteadyP99 = latency.get("pushSteady") instanceof Map<?, ?> m ? m.get("p99Ms") : null;
            Object pushJudged = pushSteadyP99 != null ? pushSteadyP99 : pushP99;
            boolean postOk = postJudged >= 0 && postJudged <= POST_REPLY_BOUND_MS;
            boolean pushOk = pushJudged instanceof Number n && n.doubleValue() <= PUSH_BOUND_MS;
            v.put("postReplyP99Ms", postP99);
            v.put("postReplyP99SteadyMs", postSteadyP99);
            v.put("postReplyP99Within" + POST_REPLY_BOUND_MS + "ms", postOk);
            v.put("pushP99Ms", pushP99);
            v.put("pushP99SteadyMs", pushSteadyP99);
            v.put("pushP99Within" + PUSH_BOUND_MS + "ms", pushOk);
            browserPathOk = postOk && pushOk;
        }
        v.put("held", rateHeld && nothingLost && offersOk && completedInTime && browserPathOk);
        return v;
    }

    private static long p99(Histogram h) {
        return h == null || h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99);
    }
}
