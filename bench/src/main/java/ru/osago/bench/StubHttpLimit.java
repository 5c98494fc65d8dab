package ru.osago.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stub HTTP calls/s: POST an application, then GET its offer, on keep-alive connections, against one
 * standard-dialect stub that answers at once. Calls and CPU are counted after a warm-up (the JIT of both
 * sides), over a window of their own. Given the stub's pid, its CPU per call comes from /proc (so the stub
 * must run in a process of its own for that figure); the client's own CPU per call is always reported, as
 * it shares the two cores and can be the limit itself.
 *
 * <p>Alone: {@code java -jar bench-exec.jar stub-http --url http://127.0.0.1:9199 --pid <stub pid>
 * [--client netty|blocking] [--connections N] [--seconds S] [--warmup S]}; bench/stub-http-limit.sh starts
 * a stubs jar for it.
 */
final class StubHttpLimit {

    private StubHttpLimit() {
    }

    static Map<String, Object> measure(String baseUrl, long stubPid, String client, int connections,
                                       int warmupSeconds, int seconds) throws Exception {
        byte[] body = OsagoJson.mapper().writeValueAsBytes(SampleRequests.valid("x", "u-1", LocalDate.now()));
        long ticks = ProcCpu.clockTicks();
        long self = ProcessHandle.current().pid();
        LongAdder calls = new LongAdder();
        LongAdder failures = new LongAdder();
        long start = System.nanoTime();
        long windowStart = start + warmupSeconds * 1_000_000_000L;
        long end = windowStart + seconds * 1_000_000_000L;
        try (StubCallLoop loop = client.equals("blocking") ? new BlockingStubCalls(connections, body)
                : new NettyStubCalls(connections, body)) {
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread runner = Thread.ofPlatform().name("stub-http-calls").start(() -> {
                try {
                    loop.run(baseUrl, end, calls, failures);
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            sleepUntil(windowStart);
            long callsBefore = calls.sum();
            double stubBefore = stubPid > 0 ? ProcCpu.processSeconds(stubPid, ticks) : -1;
            double selfBefore = ProcCpu.processSeconds(self, ticks);
            long measuredFrom = System.nanoTime();
            sleepUntil(end);
            long inWindow = calls.sum() - callsBefore;
            double windowSeconds = (System.nanoTime() - measuredFrom) / 1e9;
            double stubCpu = stubPid > 0 ? ProcCpu.processSeconds(stubPid, ticks) - stubBefore : -1;
            double selfCpu = ProcCpu.processSeconds(self, ticks) - selfBefore;
            runner.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("callsPerSecond", Limits.round(inWindow / windowSeconds));
            m.put("failures", failures.sum());
            m.put("client", loop.describe());
            m.put("warmupSeconds", warmupSeconds);
            m.put("windowSeconds", Limits.round(windowSeconds));
            m.put("callsInWindow", inWindow);
            if (stubPid > 0 && stubPid != self) {
                m.put("stubCpuMicrosPerCall", Limits.round(stubCpu / Math.max(1, inWindow) * 1e6));
                m.put("stubCoresUsed", Limits.round(stubCpu / windowSeconds));
            }
            // with the stub in this JVM (Limits), this is the stub's CPU and the client's together
            m.put(stubPid == self ? "clientAndStubCpuMicrosPerCall" : "clientCpuMicrosPerCall",
                    Limits.round(selfCpu / Math.max(1, inWindow) * 1e6));
            m.put("clientCoresUsed", Limits.round(selfCpu / windowSeconds));
            m.put("loadAverage", ProcCpu.loadAverage());
            return m;
        }
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ToolOptions.parse(args, Map.of("url", "http://127.0.0.1:9199", "pid", "0",
                "client", "netty", "connections", "16", "warmup", "10", "seconds", "15"),
                "stub-http [--url u] [--pid p] [--client netty|blocking] [--connections n] [--warmup s] [--seconds s]");
        Map<String, Object> result = measure(o.get("url"), Long.parseLong(o.get("pid")), o.get("client"),
                Integer.parseInt(o.get("connections")), Integer.parseInt(o.get("warmup")),
                Integer.parseInt(o.get("seconds")));
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    }
}
