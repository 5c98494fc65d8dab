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

    /** Keyed once; each call works on a clone, as a Mac is not thread-safe and a provider lookup per call is not free. */
    private final Mac keyed;

    public RequestTokens(@Value("${osago.core.token-secret}") String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("osago.core.token-secret must be set");
        }
        try {
            this.keyed = Mac.getInstance(HMAC);
            keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String issue(String requestId) {
        try {
            byte[] digest = ((Mac) keyed.clone()).doFinal(requestId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone a Mac", e);
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
