package ru.osago.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from /proc/&lt;pid&gt;/stat (utime + stime), for a process and all its descendants (the broker's
 * start script forks its JVM). "postgres" is every process named postgres on the machine: the server's
 * backends serve everyone, so other users' queries are in it too.
 */
final class ProcCpu {

    private record Stat(long pid, long ppid, String comm, long ticks) {
    }

    private ProcCpu() {
    }

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** CPU seconds per named process (with descendants), plus "generator" (this JVM) and "postgres". */
    static Map<String, Double> snapshot(Map<String, Long> pids, long ticksPerSecond) {
        List<Stat> all = readAll();
        Map<Long, List<Stat>> children = new HashMap<>();
        Map<Long, Stat> byPid = new HashMap<>();
        for (Stat s : all) {
            children.computeIfAbsent(s.ppid, k -> new ArrayList<>()).add(s);
            byPid.put(s.pid, s);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Long> named = new LinkedHashMap<>(pids);
        named.put("generator", ProcessHandle.current().pid());
        named.forEach((name, pid) -> seconds.put(name, (double) treeTicks(pid, byPid, children) / ticksPerSecond));
        long pg = all.stream().filter(s -> s.comm.equals("postgres")).mapToLong(Stat::ticks).sum();
        seconds.put("postgres", (double) pg / ticksPerSecond);
        return seconds;
    }

    /**
     * CPU seconds of one process by thread kind: the kernel's thread names (the first 15 characters of
     * the JVM's) with digits folded, so "C2 CompilerThre", "G1 Conc#N" and the application's threads
     * show apart. Tells JIT and GC time from the work itself.
     */
    static Map<String, Double> byThread(long pid, long ticksPerSecond) {
        Map<String, Double> seconds = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> {
                try {
                    Stat stat = parse(t, Files.readString(t.resolve("stat")));
                    seconds.merge(threadKind(stat.comm), (double) stat.ticks / ticksPerSecond, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            // the process has ended
        }
        return seconds;
    }

    /** A thread's kind: its kernel name (15 characters) with digits folded, so "http-nio-8080-e" is "http-nio-N-e". */
    static String threadKind(String name) {
        return name.replaceAll("\\d+", "N");
    }

    /** CPU seconds of one process alone (all its threads), or -1 when it is gone. */
    static double processSeconds(long pid, long ticksPerSecond) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            return (double) parse(dir, Files.readString(dir.resolve("stat"))).ticks / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long treeTicks(long pid, Map<Long, Stat> byPid, Map<Long, List<Stat>> children) {
        Stat self = byPid.get(pid);
        long ticks = self == null ? 0 : self.ticks;
        for (Stat child : children.getOrDefault(pid, List.of())) {
            ticks += treeTicks(child.pid, byPid, children);
        }
        return ticks;
    }

    private static List<Stat> readAll() {
        List<Stat> stats = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
                try {
                    stats.add(parse(d, Files.readString(d.resolve("stat"))));
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return stats;
    }

    /** One /proc/&lt;pid&gt;/stat or /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat line, read from the directory {@code dir}. */
    private static Stat parse(Path dir, String line) {
        int close = line.lastIndexOf(')');
        String comm = line.substring(line.indexOf('(') + 1, close);
        String[] f = line.substring(close + 2).split(" ");
        // after "pid (comm) ": f[0]=state f[1]=ppid ... f[11]=utime f[12]=stime
        return new Stat(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[1]), comm,
                Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    /** "1.23 0.98 0.70" from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
