package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether this machine charges more CPU for the same work when it comes less often, and for which work. A timer
 * thread hands tasks to a waiting worker thread (as a request reaches a request thread) at each rate in turn, one
 * kind of task per step: {@code loop}, a chain of multiplications that touches no memory and runs the same few
 * instructions (it costs more only if the processor itself runs slower), and {@code json}, a quote request read
 * and written with the project's Jackson settings (the application's kind of work: much code, many objects, so it
 * costs more when its code and data have left the processor's caches). The worker's CPU time is read around the
 * task alone ("work") and over the whole step ("worker": the task, the wake-up and the hand-off).
 *
 * <p>{@code java -jar bench-exec.jar wake-cost [--rates 10000,1000,100,10000] [--work loop,json] [--seconds 15]
 * [--warmup 5]}; bench/wake-cost.sh runs it with the project's JDK.
 */
final class WakeCost {

    /** Iterations of the loop: tens of microseconds of CPU, short enough for 10,000 a second on one core. */
    private static final int LOOP = 50_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final ObjectMapper JSON = OsagoJson.mapper();
    private static final byte[] REQUEST = write(SampleRequests.valid("wake-cost", "u-1", LocalDate.now()));

    /** Written by the worker, read by the timer after the worker has taken every task of a step. */
    private static volatile long workNanos;
    private static volatile long tasksDone;
    private static volatile long sink;

    private WakeCost() {
    }

    static Map<String, Object> measure(int[] rates, List<String> kinds, int seconds, int warmupSeconds)
            throws InterruptedException {
        BlockingQueue<String> tasks = new ArrayBlockingQueue<>(1 << 16);
        Thread worker = Thread.ofPlatform().name("wake-cost-worker").daemon().start(() -> work(tasks));
        int fastest = Arrays.stream(rates).max().orElseThrow();
        for (String kind : kinds) {
            runStep(tasks, worker, kind, fastest, warmupSeconds);
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int rate : rates) {
            for (String kind : kinds) {
                steps.add(runStep(tasks, worker, kind, rate, seconds));
            }
        }
        worker.interrupt();
        for (String kind : kinds) {
            List<Map<String, Object>> ofKind = steps.stream().filter(s -> s.get("work").equals(kind)).toList();
            double atFastest = ofKind.stream().filter(s -> s.get("rate").equals(fastest))
                    .mapToDouble(s -> (double) s.get("workMicrosPerTask")).average().orElseThrow();
            ofKind.forEach(s -> s.put("workAgainstFastestRate", Limits.round((double) s.get("workMicrosPerTask") / atFastest)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loopIterations", LOOP);
        m.put("jsonBytes", REQUEST.length);
        m.put("secondsPerRate", seconds);
        m.put("steps", steps);
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", ProcCpu.loadAverage());
        return m;
    }

    /** Hands out {@code rate} tasks a second for {@code seconds}, waits until all are done, and reports their cost. */
    private static Map<String, Object> runStep(BlockingQueue<String> tasks, Thread worker, String kind, int rate,
                                               int seconds) throws InterruptedException {
        long workBefore = workNanos;
        long doneBefore = tasksDone;
        long workerBefore = THREADS.getThreadCpuTime(worker.threadId());
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long next = start;
        long handed = 0;
        while (next - start < seconds * 1_000_000_000L) {
            LockSupport.parkNanos(next - System.nanoTime());
            tasks.put(kind);
            handed++;
            next += period;
        }
        while (tasksDone - doneBefore < handed) {
            // a worker that died on a task would leave this step waiting for ever: the probe must stop by itself
            if (!worker.isAlive()) {
                throw new IllegalStateException("the worker thread ended during the " + kind + " step at " + rate + "/s");
            }
            Thread.sleep(1);
        }
        double done = tasksDone - doneBefore;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("work", kind);
        m.put("tasks", (long) done);
        m.put("workMicrosPerTask", Limits.round((workNanos - workBefore) / done / 1000));
        m.put("workerCpuMicrosPerTask", Limits.round((THREADS.getThreadCpuTime(worker.threadId()) - workerBefore) / done / 1000));
        m.put("loadAverage", ProcCpu.loadAverage());
        return m;
    }

    private static void work(BlockingQueue<String> tasks) {
        try {
            while (true) {
                String kind = tasks.take();
                long before = THREADS.getCurrentThreadCpuTime();
                long result = kind.equals("json") ? readAndWrite() : loop(before);
                long took = THREADS.getCurrentThreadCpuTime() - before;
                sink = result;
                workNanos += took;
                tasksDone++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long loop(long seed) {
        long x = seed;
        for (int i = 0; i < LOOP; i++) {
            x = x * 6364136223846793005L + i;
        }
        return x;
    }

    private static long readAndWrite() {
        try {
            return JSON.writeValueAsBytes(JSON.readValue(REQUEST, QuoteRequest.class)).length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(QuoteRequest request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ToolOptions.parse(args, Map.of("rates", "10000,1000,100,10000", "work", "loop,json",
                "seconds", "15", "warmup", "5"), "wake-cost [--rates r1,r2,...] [--work loop,json] [--seconds s] [--warmup s]");
        int[] rates = Arrays.stream(o.get("rates").split(",")).mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        if (Arrays.stream(rates).anyMatch(r -> r < 1 || r > 100_000)) {
            throw new IllegalArgumentException("rates are tasks a second, 1 to 100,000");
        }
        List<String> kinds = Arrays.stream(o.get("work").split(",")).map(String::trim).toList();
        if (kinds.isEmpty() || !List.of("loop", "json").containsAll(kinds)) {
            throw new IllegalArgumentException("work is loop, json or both");
        }
        Map<String, Object> result = measure(rates, kinds, Integer.parseInt(o.get("seconds")), Integer.parseInt(o.get("warmup")));
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    }
}
