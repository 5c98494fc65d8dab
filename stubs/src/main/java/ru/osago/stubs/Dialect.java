package ru.osago.stubs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The HTTP API a stub speaks; the names are the values of {@code dialect} in stubs.yml. */
public enum Dialect {
    /** The standard insurer API (README, "Contracts"): {@code POST /osago/applications}, poll {@code GET .../offer}. */
    @JsonProperty("standard") STANDARD,
    /** Another company's API: {@code POST /api/v2/quotes}, other field names, price in kopecks. */
    @JsonProperty("v2") V2,
    /** The client-info service core-app asks for the user's data (core-app/README.md): {@code GET /clients/{userId}}. */
    @JsonProperty("client-info") CLIENT_INFO
}
