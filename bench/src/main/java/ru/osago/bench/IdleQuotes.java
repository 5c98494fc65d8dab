package ru.osago.bench;

import ru.osago.model.InsurerRef;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Quotes whose streams stay open and quiet, written straight into core-app's schema: each a request with its
 * ACCEPTED event and nothing after it. (A finished quote's stream is closed by core-app after COMPLETED, so an
 * idle open stream is one of a quote that sends nothing more: to core-app it costs what a browser left open
 * costs.) Their tokens are made as core-app makes them, with the same secret.
 */
final class IdleQuotes {

    private IdleQuotes() {
    }

    /** Writes {@code count} quiet quotes into {@code schema} and returns their request ids. */
    static List<String> seed(String jdbcUrl, String schema, int count) throws Exception {
        List<String> ids = new ArrayList<>(count);
        Instant now = Instant.now();
        List<InsurerRef> insurers = List.of(new InsurerRef("alfa", "Альфа"), new InsurerRef("bereza", "Береза"));
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            try (PreparedStatement request = c.prepareStatement("INSERT INTO " + schema
                    + ".quote_request (request_id, user_id) VALUES (?, 'bench-idle')");
                 PreparedStatement event = c.prepareStatement("INSERT INTO " + schema
                         + ".quote_event (event_id, request_id, seq, type, payload) VALUES (?, ?, 1, 'ACCEPTED', CAST(? AS jsonb))")) {
                for (int i = 0; i < count; i++) {
                    String id = "idle-" + UUID.randomUUID();
                    QuoteEvent accepted = QuoteEvent.accepted(id, 1, now, insurers, now.plusSeconds(3600));
                    request.setString(1, id);
                    request.addBatch();
                    event.setString(1, accepted.eventId());
                    event.setString(2, id);
                    event.setString(3, OsagoJson.mapper().writeValueAsString(accepted));
                    event.addBatch();
                    ids.add(id);
                }
                request.executeBatch();
                event.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    /** core-app's stream token: HMAC-SHA256(secret, requestId), base64url without padding. */
    static String token(String secret, String requestId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(requestId.getBytes(StandardCharsets.UTF_8)));
    }
}
