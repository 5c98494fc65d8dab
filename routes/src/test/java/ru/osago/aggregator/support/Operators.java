package ru.osago.aggregator.support;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The operators of application.yml's local defaults (osago.operator.users), as tests sign in. */
public final class Operators {

    /** Role read. */
    public static final String VIEWER = "viewer";
    /** Role control. */
    public static final String OPERATOR = "operator";

    private Operators() {
    }

    /** The Authorization header of a user whose password is their name (the local defaults). */
    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpRequest.Builder as(String user, HttpRequest.Builder request) {
        return request.header("Authorization", basic(user));
    }
}
