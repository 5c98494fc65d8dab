package ru.osago.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aggregator's garbage-collector pauses and heap, read from the unified GC log bench.sh has the JVM write
 * ({@code -Xlog:gc,gc+phases:file=.run/logs/gc-aggregator-<pid>.log:time}), for the steady-state window only.
 * A JVM's own log is exact, where a metrics scrape gives a maximum per interval; and it costs the process
 * nothing. G1 logs a pause with the heap around it; ZGC logs its pauses among its phases, the heap per cycle,
 * and the allocation stalls that are its real latency cost (a thread waits for memory the collector has not
 * freed yet).
 */
final class GcLog {

    /** {@code [2026-12-02T10:20:28.123+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(1024M) 5.123ms} */
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^]]++)] GC\\(\\d++\\) Pause .*? (\\d++)M->(\\d++)M\\((\\d++)M\\) ([0-9.]++)ms");
    /**
     * {@code [...] GC(7) y: Pause Mark Start 0.012ms} (ZGC, at gc+phases): y: the young generation in a minor
     * collection, Y: and O: the young and old generations in a major one.
     */
    private static final Pattern Z_PAUSE = Pattern.compile("^\\[([^]]++)] GC\\(\\d++\\) (?:[yYO]: )?Pause [A-Za-z ()]++([0-9.]++)ms$");
    /** {@code [...] GC(7) Minor Collection (Allocation Rate) 246M(24%)->82M(8%) 0.053s} (ZGC) */
    private static final Pattern Z_CYCLE = Pattern.compile(
            "^\\[([^]]++)] GC\\(\\d++\\) (?:Minor|Major) Collection \\([^)]*+\\) (\\d++)M\\(\\d++%\\)->(\\d++)M\\(");
    /** {@code [...] Allocation Stall (Camel (camel-1) thread #3) 12.345ms} (ZGC) */
    private static final Pattern Z_STALL = Pattern.compile("^\\[([^]]++)] Allocation Stall \\(.*\\) ([0-9.]++)ms$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLog() {
    }

    /**
     * Pause count, p50/p99/max in ms, heap before and after a collection (MB), the heap's size (G1) and
     * allocation stalls (ZGC); null without a log.
     */
    static Map<String, Object> summary(Path log, Instant from, Instant to) throws IOException {
        if (!Files.isReadable(log)) {
            return null;
        }
        List<Double> pauses = new ArrayList<>();
        List<Double> stalls = new ArrayList<>();
        List<long[]> heaps = new ArrayList<>();
        long committed = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher g1 = PAUSE.matcher(line);
            Matcher zPause = Z_PAUSE.matcher(line);
            Matcher zCycle = Z_CYCLE.matcher(line);
            Matcher zStall = Z_STALL.matcher(line);
            if (g1.find() && within(g1, from, to)) {
                pauses.add(Double.parseDouble(g1.group(5)));
                heaps.add(new long[] {Long.parseLong(g1.group(2)), Long.parseLong(g1.group(3))});
                committed = Math.max(committed, Long.parseLong(g1.group(4)));
            } else if (zPause.find() && within(zPause, from, to)) {
                pauses.add(Double.parseDouble(zPause.group(2)));
            } else if (zCycle.find() && within(zCycle, from, to)) {
                heaps.add(new long[] {Long.parseLong(zCycle.group(2)), Long.parseLong(zCycle.group(3))});
            } else if (zStall.find() && within(zStall, from, to)) {
                stalls.add(Double.parseDouble(zStall.group(2)));
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pauses", pauses.size());
        pauses.sort(null);
        s.put("pauseP50Ms", percentile(pauses, 0.50));
        s.put("pauseP99Ms", percentile(pauses, 0.99));
        s.put("pauseMaxMs", percentile(pauses, 1));
        s.put("pauseTotalMs", Limits.round(pauses.stream().mapToDouble(Double::doubleValue).sum()));
        s.put("heapBeforeGcMaxMb", heaps.stream().mapToLong(h -> h[0]).max().orElse(0));
        s.put("heapAfterGcMaxMb", heaps.stream().mapToLong(h -> h[1]).max().orElse(0));
        s.put("heapAfterGcMeanMb", (long) heaps.stream().mapToLong(h -> h[1]).average().orElse(0));
        if (committed > 0) {
            s.put("heapCommittedMaxMb", committed);
        }
        stalls.sort(null);
        s.put("allocationStalls", stalls.size());
        s.put("allocationStallMaxMs", percentile(stalls, 1));
        return s;
    }

    /** Whether the line's time (group 1) is in the window. */
    private static boolean within(Matcher line, Instant from, Instant to) {
        Instant at = OffsetDateTime.parse(line.group(1), TIME).toInstant();
        return !at.isBefore(from) && !at.isAfter(to);
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
