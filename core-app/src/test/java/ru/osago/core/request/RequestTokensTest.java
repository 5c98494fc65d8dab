package ru.osago.core.request;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTokensTest {

    private final RequestTokens tokens = new RequestTokens("test-secret");

    @Test
    void tokenVerifiesOnlyForTheRequestItWasIssuedFor() {
        String token = tokens.issue("req-a");

        assertThat(tokens.verify("req-a", token)).isTrue();
        assertThat(tokens.verify("req-b", token)).isFalse();
        assertThat(tokens.verify("req-a", null)).isFalse();
        assertThat(tokens.verify(null, token)).isFalse();
    }

    @Test
    void tokenIsUrlSafeAndTheSameOnEveryInstanceWithTheSameSecret() {
        String token = tokens.issue("req-a");

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(new RequestTokens("test-secret").verify("req-a", token)).isTrue();
        assertThat(new RequestTokens("other-secret").verify("req-a", token)).isFalse();
    }

    @Test
    void tokenIsTheHmacOfTheRequestIdEvenWhenIssuedOnManyThreadsAtOnce() throws Exception {
        List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "req-" + i).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> issued = IntStream.range(0, 4)
                    .mapToObj(t -> threads.submit(() -> ids.stream().map(tokens::issue).toList())).toList();
            for (Future<List<String>> batch : issued) {
                assertThat(batch.get()).isEqualTo(ids.stream().map(RequestTokensTest::hmac).toList());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String hmac(String requestId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(requestId.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
