package ru.osago.aggregator.insurer;

import java.util.Map;

/** One insurer call as HTTP, in the insurer's dialect; {@code wire} keeps what was sent and received for the audit. */
public record PreparedCall(InsurerCall call, String method, String url, Map<String, String> headers, String body,
                           WireLog wire) {
}
