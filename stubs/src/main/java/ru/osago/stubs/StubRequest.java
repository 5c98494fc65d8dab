package ru.osago.stubs;

import io.netty.handler.codec.http.HttpHeaders;

/** One HTTP call as the dialect handlers see it, free of the server's exchange object. */
record StubRequest(String method, String path, HttpHeaders headers, byte[] body) {

    String header(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
