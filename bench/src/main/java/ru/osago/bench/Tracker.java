package ru.osago.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every request sent: when it was sent and when its ACCEPTED, first OFFER and COMPLETED
 * arrived, which event ids it got (a repeat is a duplicate), plus per-second counts and latency
 * histograms for the plot. Latencies are in milliseconds from the moment the request was handed to the
 * broker (jms) or the HTTP client (rest).
 */
final class Tracker {

    static final long MAX_MS = 3_600_000;

    static final class Req {
        final long sentNanos;
        /** The same moment on the wall clock, which the aggregator's event times are on. */
        final long sentEpochMs = System.currentTimeMillis();
        volatile long acceptedNanos;
        volatile long firstOfferNanos;
        volatile long completedNanos;
        /** When the aggregator decided COMPLETED (its {@code at}), in ms after the send; -1 if unknown. */
        volatile long completedDecidedMs = -1;
        volatile boolean rejected;
        final Set<String> eventIds = ConcurrentHashMap.newKeySet();

        Req(long sentNanos) {
            this.sentNanos = sentNanos;
        }
    }

    final long startNanos = System.nanoTime();
    private final int buckets;
    private final Map<String, Req> byId = new ConcurrentHashMap<>();
    final AtomicLongArray sentPerSecond;
    final AtomicLongArray acceptedPerSecond;
    final AtomicLongArray completedPerSecond;
    final AtomicLongArray offersPerSecond;
    final Histogram[] acceptedLatencyPerSecond;
    final Histogram[] firstOfferLatencyPerSecond;

    final Histogram accepted = histogram();
    final Histogram firstOffer = histogram();
    final Histogram completed = histogram();
    /** COMPLETED split in two: the send → the aggregator's decision ({@code at}), and the decision → its arrival. */
    final Histogram completedDecided = histogram();
    final Histogram completedDelivered = histogram();
    /** rest mode: POST answered 202 */
    final Histogram postReply = histogram();
    /** The same, for requests sent after the warm-up: what the POST bar is judged on, as bereza's offers are. */
    final Histogram postReplySteady = histogram();
    /** rest and sse modes: GET /api/osago/client, the page's greeting asked beside the POST, by its answer */
    final Histogram clientLookup = histogram();
    final Map<String, LongAdder> clientLookupAnswers = new ConcurrentHashMap<>();
    final Map<String, Histogram> offerByInsurer = new ConcurrentHashMap<>();
    /** The same, for requests sent after the warm-up (a fresh JVM's first seconds are JIT compilation). */
    final Map<String, Histogram> offerByInsurerSteady = new ConcurrentHashMap<>();
    /** When the warm-up ended (System.nanoTime), or Long.MAX_VALUE while it lasts. */
    volatile long steadyFromNanos = Long.MAX_VALUE;

    final AtomicLong sent = new AtomicLong();
    /** When the latest request was handed over: after the schedule's end when the generator lagged. */
    volatile long lastSentNanos;
    final LongAdder acceptedCount = new LongAdder();
    final LongAdder completedCount = new LongAdder();
    final LongAdder offers = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder unknownEvents = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder otherErrors = new LongAdder();
    final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    /** Events that arrived after the run ended (deadline + grace after the last send): not counted. */
    final LongAdder eventsAfterEnd = new LongAdder();
    private volatile boolean ended;

    Tracker(int seconds) {
        this.buckets = seconds;
        sentPerSecond = new AtomicLongArray(seconds);
        acceptedPerSecond = new AtomicLongArray(seconds);
        completedPerSecond = new AtomicLongArray(seconds);
        offersPerSecond = new AtomicLongArray(seconds);
        acceptedLatencyPerSecond = new Histogram[seconds];
        firstOfferLatencyPerSecond = new Histogram[seconds];
        for (int i = 0; i < seconds; i++) {
            acceptedLatencyPerSecond[i] = histogram();
            firstOfferLatencyPerSecond[i] = histogram();
        }
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(MAX_MS, 3);
    }

    int second(long nanos) {
        return (int) Math.min(buckets - 1, Math.max(0, (nanos - startNanos) / 1_000_000_000L));
    }

    /** Called just before the request is handed over; the returned record collects its events. */
    Req sent(String requestId) {
        long now = System.nanoTime();
        Req req = new Req(now);
        if (requestId != null) {
            byId.put(requestId, req);
        }
        sent.incrementAndGet();
        sentPerSecond.incrementAndGet(second(now));
        lastSentNanos = now;
        return req;
    }

    /** rest mode: the id core-app gave the request, once its 202 arrived. */
    void identified(String requestId, Req req) {
        byId.put(requestId, req);
        long latency = ms(System.nanoTime() - req.sentNanos);
        postReply.recordValue(latency);
        if (req.sentNanos >= steadyFromNanos) {
            postReplySteady.recordValue(latency);
        }
    }

    void clientLookup(String answer, long sentNanos) {
        clientLookup.recordValue(Math.min(MAX_MS, ms(System.nanoTime() - sentNanos)));
        clientLookupAnswers.computeIfAbsent(answer, k -> new LongAdder()).increment();
    }

    Req find(String requestId) {
        return byId.get(requestId);
    }

    void error(String kind) {
        otherErrors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void sendError(String kind) {
        sendErrors.increment();
        errorKinds.computeIfAbsent("send: " + kind, k -> new LongAdder()).increment();
    }

    /** One event as received; {@code req} null when it belongs to no request of this run. */
    void event(Req req, String eventId, String type, String insurer, String at) {
        long now = System.nanoTime();
        if (ended) {
            eventsAfterEnd.increment();
            return;
        }
        events.increment();
        if (req == null) {
            unknownEvents.increment();
            return;
        }
        if (!req.eventIds.add(eventId)) {
            duplicates.increment();
            return;
        }
        long latency = ms(now - req.sentNanos);
        int second = second(now);
        switch (type) {
            case "ACCEPTED" -> {
                req.acceptedNanos = now;
                acceptedCount.increment();
                accepted.recordValue(latency);
                acceptedPerSecond.incrementAndGet(second);
                acceptedLatencyPerSecond[second].recordValue(latency);
            }
            case "OFFER" -> {
                offers.increment();
                offersPerSecond.incrementAndGet(second);
                offerByInsurer.computeIfAbsent(insurer == null ? "?" : insurer, k -> histogram()).recordValue(latency);
                if (req.sentNanos >= steadyFromNanos) {
                    offerByInsurerSteady.computeIfAbsent(insurer == null ? "?" : insurer, k -> histogram()).recordValue(latency);
                }
                if (req.firstOfferNanos == 0) {
                    req.firstOfferNanos = now;
                    firstOffer.recordValue(latency);
                    firstOfferLatencyPerSecond[second].recordValue(latency);
                }
            }
            case "COMPLETED" -> {
                req.completedNanos = now;
                completedCount.increment();
                completed.recordValue(latency);
                completedPerSecond.incrementAndGet(second);
                decided(req, at);
            }
            case "REJECTED" -> {
                req.rejected = true;
                rejected.increment();
            }
            default -> {
                // INSURER_DECLINED, INSURER_FAILED, INSURER_TIMEOUT: counted in events only
            }
        }
    }

    /** Splits a COMPLETED's latency at the aggregator's decision; both clocks are this machine's. */
    private void decided(Req req, String at) {
        if (at == null) {
            return;
        }
        long atMs;
        try {
            atMs = Instant.parse(at).toEpochMilli();
        } catch (DateTimeParseException e) {
            error("COMPLETED with an unreadable at");
            return;
        }
        req.completedDecidedMs = Math.max(0, atMs - req.sentEpochMs);
        completedDecided.recordValue(Math.min(MAX_MS, req.completedDecidedMs));
        completedDelivered.recordValue(Math.min(MAX_MS, Math.max(0, System.currentTimeMillis() - atMs)));
    }

    /** From now on events are only counted as arriving after the end. */
    void end() {
        ended = true;
    }

    static long ms(long nanos) {
        return Math.min(MAX_MS, Math.max(0, nanos / 1_000_000));
    }

    /** Requests sent but neither COMPLETED nor REJECTED yet. */
    long open() {
        return sent.get() - completedCount.sum() - rejected.sum() - sendErrors.sum();
    }

    /** Requests sent without ACCEPTED, and accepted ones without COMPLETED within {@code limitMs}, and late ones. */
    Map<String, Long> losses(long limitMs, long completedByMs) {
        long notAccepted = 0;
        long acceptedNotCompleted = 0;
        long completedLate = 0;
        long completedAfterLimit = 0;
        long lateDecidedLate = 0;
        // when the late ones were sent (seconds into the run): a fault harness matches them to a part's downtime
        long lateSentFrom = Long.MAX_VALUE;
        long lateSentTo = -1;
        for (Req req : Set.copyOf(byId.values())) {
            if (req.rejected) {
                continue;
            }
            if (req.acceptedNanos == 0) {
                notAccepted++;
            } else if (req.completedNanos == 0 || ms(req.completedNanos - req.sentNanos) > limitMs) {
                acceptedNotCompleted++;
            }
            if (req.completedNanos != 0 && ms(req.completedNanos - req.sentNanos) > completedByMs) {
                completedLate++;
                if (req.completedDecidedMs > completedByMs) {
                    lateDecidedLate++;
                }
                lateSentFrom = Math.min(lateSentFrom, second(req.sentNanos));
                lateSentTo = Math.max(lateSentTo, second(req.sentNanos));
            }
            if (req.completedNanos != 0 && ms(req.completedNanos - req.sentNanos) > limitMs) {
                completedAfterLimit++;
            }
        }
        Map<String, Long> losses = new LinkedHashMap<>();
        losses.put("notAccepted", notAccepted);
        losses.put("acceptedNoCompletedWithinDeadlinePlusGrace", acceptedNotCompleted);
        losses.put("lost", notAccepted + acceptedNotCompleted);
        losses.put("completedAfter" + completedByMs / 1000 + "s", completedLate);
        // of those, the ones the aggregator itself decided after that time (the rest were late in transit)
        losses.put("completedAfter" + completedByMs / 1000 + "sDecidedLate", lateDecidedLate);
        losses.put("completedAfterDeadlinePlusGrace", completedAfterLimit);
        if (lateSentTo >= 0) {
            losses.put("lateSentFromSecond", lateSentFrom);
            losses.put("lateSentToSecond", lateSentTo);
        }
        return losses;
    }

    /** Up to {@code max} ids of requests lost as {@link #losses} counts them, to look them up afterwards. */
    java.util.List<String> lostIds(long limitMs, int max) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (Map.Entry<String, Req> e : byId.entrySet()) {
            Req req = e.getValue();
            boolean lost = !req.rejected && (req.acceptedNanos == 0 || req.completedNanos == 0
                    || ms(req.completedNanos - req.sentNanos) > limitMs);
            if (lost && ids.size() < max) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    /** p50, p95, p99, max and count of a histogram, in ms. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            m.put("p50", h.getValueAtPercentile(50));
            m.put("p95", h.getValueAtPercentile(95));
            m.put("p99", h.getValueAtPercentile(99));
            m.put("max", h.getMaxValue());
        }
        return m;
    }
}
