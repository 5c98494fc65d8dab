package ru.osago.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps calling one standard-dialect stub: POST an application, then GET its offer, again and again until
 * {@code untilNanos}. Each answered call (2xx/3xx; a GET's 4xx counts as failure) adds one to {@code calls}.
 */
interface StubCallLoop extends AutoCloseable {

    /** Returns when every caller has finished its last call after {@code untilNanos}. */
    void run(String baseUrl, long untilNanos, LongAdder calls, LongAdder failures) throws Exception;

    /** What the loop is, for the report: client library and concurrency. */
    String describe();

    /** The application id from a create answer without a JSON parser: the client's CPU is measured too. */
    static String applicationId(String body) {
        String field = "\"applicationId\":\"";
        int start = body.indexOf(field);
        if (start < 0) {
            return "missing";
        }
        start += field.length();
        int end = body.indexOf('"', start);
        return end < 0 ? "missing" : body.substring(start, end);
    }
}
