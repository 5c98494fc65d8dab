package ru.osago.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --mode streams}: many open WebSockets on one core-app instance. {@code connections - live} idle streams
 * (quiet quotes, {@link IdleQuotes}) are opened first and held; then quotes are posted for {@code duration}
 * seconds at live / deadline per second, each followed over its own WebSocket, so about {@code live} of them are
 * open at once. Reports core-app's memory per connection (RSS and heap after a full GC, before and after the idle
 * streams), its CPU, the push p99 and the streams dropped (closed or failed before the end), then closes all.
 */
final class StreamsRun {

    private static final int OPENING_AT_ONCE = 200;

    private final Options options;
    private final long pid;
    private final LongAdder opened = new LongAdder();
    /** whole messages the idle streams received: an event larger than core-app's frame buffer comes in parts */
    private final LongAdder idleMessages = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder openFailed = new LongAdder();
    private final ConcurrentLinkedQueue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
    private volatile boolean ending;

    private StreamsRun(Options options) {
        this.options = options;
        Long corePid = options.pids().get("core-app");
        if (corePid == null) {
            throw new IllegalArgumentException("--mode streams needs --pid core-app=<pid>");
        }
        this.pid = corePid;
    }

    static Map<String, Object> run(Options options) throws Exception {
        return new StreamsRun(options).measure();
    }

    private Map<String, Object> measure() throws Exception {
        int idle = options.connections() - options.live();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connectionsTarget", options.connections());
        s.put("idle", idle);
        s.put("liveTarget", options.live());
        s.put("durationSeconds", options.durationSeconds());
        s.put("loadAverageBefore", ProcCpu.loadAverage());
        List<String> ids = IdleQuotes.seed(options.jdbcUrl(), options.schemas().get(1), idle);
        Map<String, Long> before = memory();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        String ws = options.coreAppUrl().replaceFirst("^http", "ws");
        long openStart = System.nanoTime();
        for (String id : ids) {
            opening.acquire();
            URI uri = URI.create(ws + "/api/osago/requests/" + id + "/stream?token=" + IdleQuotes.token(options.tokenSecret(), id));
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, new Idle())
                    .whenComplete((socket, failure) -> {
                        if (failure != null) {
                            openFailed.increment();
                        } else {
                            sockets.add(socket);
                            opened.increment();
                        }
                        // released once counted: the last release lets the counts below be read
                        opening.release();
                    });
        }
        opening.acquire(OPENING_AT_ONCE);
        s.put("idleOpened", opened.sum());
        s.put("idleOpenFailed", openFailed.sum());
        s.put("idleOpenSeconds", Limits.round((System.nanoTime() - openStart) / 1e9));
        Map<String, Long> after = memory();
        s.put("memoryBefore", before);
        s.put("memoryWithIdleStreams", after);
        long n = Math.max(1, opened.sum());
        s.put("rssKiBPerConnection", Limits.round((after.get("rssKiB") - before.get("rssKiB")) / (double) n));
        s.put("heapKiBPerConnection", Limits.round((after.get("heapBytes") - before.get("heapBytes")) / 1024.0 / n));
        s.put("live", live());
        s.put("idleMessagesReceived", idleMessages.sum());
        s.put("idleDropped", dropped.sum());
        s.put("loadAverageAfter", ProcCpu.loadAverage());
        ending = true;
        sockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench over"));
        return s;
    }

    /** Quotes posted and followed while the idle streams stay open; core-app's CPU and push latency meanwhile. */
    private Map<String, Object> live() throws Exception {
        double rate = options.live() / (double) options.deadlineSeconds();
        long ticks = ProcCpu.clockTicks();
        Tracker tracker = new Tracker(options.durationSeconds() + options.deadlineSeconds() + options.graceSeconds() + 60);
        CoreAppMetrics.Scrape pushBefore = CoreAppMetrics.scrape(options.coreAppUrl());
        double cpuBefore = ProcCpu.snapshot(Map.of("core-app", pid), ticks).get("core-app");
        long start = System.nanoTime();
        long maxOpen = 0;
        try (RestLoad driver = new RestLoad(options, tracker)) {
            long total = (long) (rate * options.durationSeconds());
            long interval = (long) (1e9 / rate);
            long nextReport = start;
            for (int i = 0; i < total; i++) {
                long target = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < target) {
                    LockSupport.parkNanos(Math.min(target - now, 100_000_000L));
                }
                driver.send(i);
                maxOpen = Math.max(maxOpen, tracker.open());
                if (now >= nextReport) {
                    System.out.printf(Locale.ROOT, "%4ds idle open %d dropped %d | live sent %d open %d completed %d | load %s%n",
                            (now - start) / 1_000_000_000L, opened.sum() - dropped.sum(), dropped.sum(), tracker.sent.get(),
                            tracker.open(), tracker.completedCount.sum(), ProcCpu.loadAverage());
                    nextReport = now + 10_000_000_000L;
                }
            }
            long waitUntil = System.nanoTime() + (options.deadlineSeconds() + options.graceSeconds()) * 1_000_000_000L;
            while (tracker.open() > 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(200);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcCpu.snapshot(Map.of("core-app", pid), ticks).get("core-app") - cpuBefore;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", Limits.round(rate));
        m.put("sent", tracker.sent.get());
        m.put("completed", tracker.completedCount.sum());
        m.put("maxOpenAtOnce", maxOpen);
        m.put("postReplyMs", Tracker.summary(tracker.postReply));
        m.put("pushMs", CoreAppMetrics.between(pushBefore, CoreAppMetrics.scrape(options.coreAppUrl())));
        Map<String, Long> errors = new LinkedHashMap<>();
        tracker.errorKinds.forEach((k, v) -> errors.put(k, v.sum()));
        m.put("errors", errors);
        m.put("coreAppCores", Limits.round(cpu / seconds));
        m.put("coreAppCpuMsPerQuote", Limits.round(cpu * 1000 / Math.max(1, tracker.sent.get())));
        m.put("seconds", Limits.round(seconds));
        return m;
    }

    /** core-app's resident set and its heap after a full GC (jcmd GC.run, then the heap gauge). */
    private Map<String, Long> memory() throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1000);
        long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
        return Map.of("rssKiB", rss, "heapBytes", CoreAppMetrics.heapUsedBytes(options.coreAppUrl()));
    }

    private final class Idle implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (last) {
                idleMessages.increment();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            if (!ending) {
                dropped.increment();
            }
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            if (!ending) {
                dropped.increment();
            }
        }
    }
}
