package ru.osago.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a JFR recording's CPU samples went: the top frames (self time), and frames anywhere on the stack
 * (total time), counted once per sample, from the intake's first sample on (start-up left out), or that many
 * seconds later (the JIT's warm-up left out too). Usage: {@code java -cp bench/target/classes
 * ru.osago.bench.JfrTop file.jfr [n] [skipSeconds]}
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long skipSeconds = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> blockedMs = new HashMap<>();
        int samples = 0;
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        // the load starts when the intake first runs: start-up's class loading and bean creation are left out
        Instant loadStart = events.stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample") && e.getThread("sampledThread") != null
                        && String.valueOf(e.getThread("sampledThread").getJavaName()).contains("JmsConsumer["))
                .map(RecordedEvent::getStartTime).min(Instant::compareTo).orElse(Instant.MIN)
                .plusSeconds(skipSeconds);
        System.out.println("samples from " + loadStart + " (the load's start + " + skipSeconds + " s)");
        for (RecordedEvent e : events) {
            if (e.getStartTime().isBefore(loadStart)) {
                continue;
            }
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1, Integer::sum);
                self.merge(name(st.getFrames().get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : st.getFrames()) {
                    String k = name(f);
                    if (seen.add(k)) {
                        total.merge(k, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.ThreadPark")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) {
                    continue;
                }
                String where = "?";
                for (RecordedFrame f : st.getFrames()) {
                    String k = name(f);
                    if (!k.startsWith("java.") && !k.startsWith("jdk.") && !k.startsWith("sun.")) {
                        where = k;
                        break;
                    }
                }
                blockedMs.merge(type.substring(4) + " " + where, e.getDuration().toMillis(), Long::sum);
            }
        }
        System.out.println("CPU samples: " + samples);
        print("threads (samples)", threads, n, samples);
        print("self (top frame)", self, n, samples);
        print("total (anywhere on the stack)", total, n * 2, samples);
        System.out.println("== blocked/parked ms by first non-JDK frame");
        blockedMs.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(x -> System.out.printf("%10d  %s%n", x.getValue(), x.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int n, int samples) {
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(x -> System.out.printf("%6.1f%%  %s%n", 100.0 * x.getValue() / Math.max(1, samples), x.getKey()));
    }
}
