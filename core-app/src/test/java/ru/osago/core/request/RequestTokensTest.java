package ru.osago.core.request;

import org.junit.jupiter.api.Test;

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
}
