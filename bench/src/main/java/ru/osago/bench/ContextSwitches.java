package ru.osago.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Context switches of the JVMs under test, from /proc/&lt;pid&gt;/task/&lt;tid&gt;/status. A voluntary one is a
 * thread that blocked (a hand-off to another thread, a wait on a socket or a lock); an involuntary one is a thread
 * the kernel preempted because others wanted the core. Both cost CPU beyond the work itself, and a switch between
 * processes can cost more than one between the threads of one, which matters when several instances share the
 * cores: that is what they are counted for.
 */
final class ContextSwitches {

    private ContextSwitches() {
    }

    /** Per process of {@code pids} and thread kind ({@link ProcCpu#threadKind}): {voluntary, involuntary}. */
    static Map<String, Map<String, long[]>> snapshot(Map<String, Long> pids) {
        Map<String, Map<String, long[]>> all = new TreeMap<>();
        pids.forEach((name, pid) -> all.put(name, byThread(pid)));
        return all;
    }

    /**
     * Per process: voluntary and involuntary switches per request between two snapshots, and the thread kinds
     * with at least 5 % of the process's switches (both kinds together), the most first.
     */
    static Map<String, Object> perRequest(Map<String, Map<String, long[]>> before,
                                          Map<String, Map<String, long[]>> after, long requests) {
        double n = Math.max(1, requests);
        Map<String, Object> all = new TreeMap<>();
        after.forEach((process, threads) -> {
            Map<String, long[]> was = before.getOrDefault(process, Map.of());
            Map<String, Long> byKind = new HashMap<>();
            long voluntary = 0;
            long involuntary = 0;
            for (Map.Entry<String, long[]> e : threads.entrySet()) {
                long[] from = was.getOrDefault(e.getKey(), new long[2]);
                // a kind whose threads ended in between (an idle pool thread let go) counts from zero, not below
                long v = Math.max(0, e.getValue()[0] - from[0]);
                long i = Math.max(0, e.getValue()[1] - from[1]);
                voluntary += v;
                involuntary += i;
                byKind.put(e.getKey(), v + i);
            }
            long total = voluntary + involuntary;
            Map<String, Double> shown = new LinkedHashMap<>();
            byKind.entrySet().stream().filter(e -> e.getValue() * 20 >= total)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> shown.put(e.getKey(), round2(e.getValue() / n)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("voluntary", round2(voluntary / n));
            m.put("involuntary", round2(involuntary / n));
            m.put("byThread", shown);
            all.put(process, m);
        });
        return all;
    }

    private static Map<String, long[]> byThread(long pid) {
        Map<String, long[]> counts = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> {
                try {
                    String name = null;
                    long[] c = new long[2];
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            name = ProcCpu.threadKind(line.substring(5).trim());
                        } else if (line.startsWith("voluntary_ctxt_switches:")) {
                            c[0] = Long.parseLong(line.substring(24).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            c[1] = Long.parseLong(line.substring(27).trim());
                        }
                    }
                    if (name != null) {
                        counts.merge(name, c, (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            // the process has ended
        }
        return counts;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
