package ru.osago.stubs;

import java.util.Map;

/** What to answer; {@code delayMs} holds the answer back without holding a thread. */
record StubResponse(int status, Map<String, String> headers, byte[] body, long delayMs) {

    static StubResponse json(int status, Object body) {
        return new StubResponse(status, Map.of(), StubJson.write(body), 0);
    }

    static StubResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    StubResponse withHeader(String name, String value) {
        return new StubResponse(status, Map.of(name, value), body, delayMs);
    }

    StubResponse delayedBy(long ms) {
        return new StubResponse(status, headers, body, ms);
    }
}
