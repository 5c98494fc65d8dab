package ru.osago.stubs;

import com.sun.net.httpserver.Headers;

/** One HTTP call as the dialect handlers see it, free of the server's exchange object. */
record StubRequest(String method, String path, Headers headers, byte[] body) {

    String header(String name) {
        String value = headers.getFirst(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
