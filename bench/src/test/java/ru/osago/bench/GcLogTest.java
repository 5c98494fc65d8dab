package ru.osago.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines as the JVM writes them with -Xlog:gc,gc+phases:file=...:time, for G1 and for generational ZGC. */
class GcLogTest {

    private static final Instant FROM = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-05T10:02:00Z");

    @TempDir
    Path dir;

    @Test
    void g1PausesAndHeapInTheWindowOnly() throws IOException {
        Map<String, Object> s = summary(
                "[2026-12-05T09:59:59.900+0000] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 300M->200M(512M) 90.000ms",
                "[2026-12-05T10:00:01.000+0000] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 5.123ms",
                "[2026-12-05T10:00:01.000+0000] GC(2)   Evacuate Collection Set: 4.1ms",
                "[2026-12-05T10:00:02.000+0000] GC(3) Pause Remark 140M->140M(256M) 2.000ms",
                "[2026-12-05T10:00:03.000+0000] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 150M->50M(300M) 40.500ms");

        assertThat(s).containsEntry("pauses", 3)
                .containsEntry("pauseMaxMs", 40.5)
                .containsEntry("heapBeforeGcMaxMb", 150L)
                .containsEntry("heapAfterGcMaxMb", 140L)
                .containsEntry("heapCommittedMaxMb", 300L)
                .containsEntry("allocationStalls", 0);
    }

    @Test
    void zgcPausesCyclesAndAllocationStalls() throws IOException {
        Map<String, Object> s = summary(
                // a minor collection: its young generation's pauses are y:
                "[2026-12-05T10:00:01.000+0000] GC(7) Minor Collection (Allocation Rate)",
                "[2026-12-05T10:00:01.002+0000] GC(7) y: Pause Mark Start 0.012ms",
                "[2026-12-05T10:00:01.030+0000] GC(7) y: Concurrent Mark 27.712ms",
                "[2026-12-05T10:00:01.031+0000] GC(7) y: Pause Mark End 0.020ms",
                "[2026-12-05T10:00:01.040+0000] GC(7) y: Pause Relocate Start 0.009ms",
                "[2026-12-05T10:00:01.050+0000] GC(7) Minor Collection (Allocation Rate) 246M(24%)->82M(8%) 0.053s",
                "[2026-12-05T10:00:05.000+0000] Allocation Stall (Camel (camel-1) thread #3 - JmsConsumer[rq.queue]) 12.345ms",
                "[2026-12-05T10:00:05.100+0000] Relocation Stall (main) 0.048ms",
                // a major collection: Y: and O:
                "[2026-12-05T10:00:09.000+0000] GC(8) Major Collection (Proactive)",
                "[2026-12-05T10:00:09.001+0000] GC(8) Y: Pause Mark Start (Major) 0.015ms",
                "[2026-12-05T10:00:09.040+0000] GC(8) O: Pause Mark End 0.031ms",
                "[2026-12-05T10:00:09.050+0000] GC(8) Y: Pause Relocate Start 0.011ms",
                "[2026-12-05T10:00:09.210+0000] GC(8) Major Collection (Proactive) 300M(29%)->120M(12%) 0.210s");

        assertThat(s).containsEntry("pauses", 6)
                .containsEntry("pauseMaxMs", 0.031)
                .containsEntry("heapBeforeGcMaxMb", 300L)
                .containsEntry("heapAfterGcMaxMb", 120L)
                .containsEntry("allocationStalls", 1)
                .containsEntry("allocationStallMaxMs", 12.345)
                .doesNotContainKey("heapCommittedMaxMb");
    }

    @Test
    void noLogNoSummary() throws IOException {
        assertThat(GcLog.summary(dir.resolve("absent.log"), FROM, TO)).isNull();
    }

    private Map<String, Object> summary(String... lines) throws IOException {
        Path log = Files.write(dir.resolve("gc.log"), List.of(lines));
        return GcLog.summary(log, FROM, TO);
    }
}
