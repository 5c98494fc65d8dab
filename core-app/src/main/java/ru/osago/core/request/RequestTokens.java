package ru.osago.core.request;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The token that lets a browser read one request's stream and snapshot: HMAC-SHA256(secret, requestId),
 * base64url. Stateless, so any core-app instance with the same secret verifies it.
 */
@Component
public class RequestTokens {

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    public RequestTokens(@Value("${osago.core.token-secret}") String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("osago.core.token-secret must be set");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    public String issue(String requestId) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(requestId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time check; {@code false} for a missing id or token. */
    public boolean verify(String requestId, String token) {
        if (requestId == null || requestId.isEmpty() || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                issue(requestId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}
