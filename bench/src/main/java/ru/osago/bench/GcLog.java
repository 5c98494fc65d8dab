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
 * ({@code -Xlog:gc:file=.run/logs/gc-aggregator-<pid>.log:time}), for the steady-state window only. A JVM's
 * own log is exact, where a metrics scrape gives a maximum per interval; and it costs the process nothing.
 */
final class GcLog {

    /** {@code [2026-12-02T10:20:28.123+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(1024M) 5.123ms} */
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^]]++)] GC\\(\\d++\\) Pause .*? (\\d++)M->(\\d++)M\\((\\d++)M\\) ([0-9.]++)ms");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLog() {
    }

    /** Pause count, p50/p99/max in ms, heap before and after a collection (MB), and the heap's size; null without a log. */
    static Map<String, Object> summary(Path log, Instant from, Instant to) throws IOException {
        if (!Files.isReadable(log)) {
            return null;
        }
        List<Double> pauses = new ArrayList<>();
        long maxBefore = 0;
        long maxAfter = 0;
        long sumAfter = 0;
        long committed = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            pauses.add(Double.parseDouble(m.group(5)));
            maxBefore = Math.max(maxBefore, Long.parseLong(m.group(2)));
            long after = Long.parseLong(m.group(3));
            maxAfter = Math.max(maxAfter, after);
            sumAfter += after;
            committed = Math.max(committed, Long.parseLong(m.group(4)));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pauses", pauses.size());
        pauses.sort(null);
        s.put("pauseP50Ms", percentile(pauses, 0.50));
        s.put("pauseP99Ms", percentile(pauses, 0.99));
        s.put("pauseMaxMs", pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1));
        s.put("pauseTotalMs", Limits.round(pauses.stream().mapToDouble(Double::doubleValue).sum()));
        s.put("heapBeforeGcMaxMb", maxBefore);
        s.put("heapAfterGcMaxMb", maxAfter);
        s.put("heapAfterGcMeanMb", pauses.isEmpty() ? 0 : sumAfter / pauses.size());
        s.put("heapCommittedMaxMb", committed);
        return s;
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
