package ru.osago.core.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.osago.model.OsagoJson;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The look-up itself, against the real client-info stub: its time limit, no retry after a reset, and a failed answer freeing its connection. */
class ClientInfoClientTest {

    private InsurerStubs stubs;
    private ClientInfoClient opened;

    @AfterEach
    void stop() {
        opened.close();
        stubs.close();
    }

    private ClientInfoClient client(StubConfig config, long timeoutMs) {
        stubs = InsurerStubs.start(List.of(config));
        opened = new ClientInfoClient(OsagoJson.mapper(), stubs.baseUrl("client-info") + "/", timeoutMs, 2);
        return opened;
    }

    @Test
    void givesTheNameAndKbmOfTheUser() throws Exception {
        ClientInfoClient client = client(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0), 5000);

        ClientInfo info = client.fetch("petr ivanov");

        assertThat(info.fullName()).isNotBlank();
        assertThat(info.kbm()).isNotNull();
    }

    @Test
    void anAnswerLaterThanTheLimitIsAFailure() {
        ClientInfoClient client = client(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withDelayMs(3000, 3000), 200);

        assertThatThrownBy(() -> client.fetch("petr")).isInstanceOf(IOException.class);
        assertThat(stubs.stats("client-info").gets()).isEqualTo(1);
    }

    @Test
    void aConnectionResetIsAFailureAndIsNotAskedAgain() {
        ClientInfoClient client = client(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withResetRate(1.0), 5000);

        assertThatThrownBy(() -> client.fetch("petr")).isInstanceOf(IOException.class);
        // Apache's default strategy would ask again after a reset
        assertThat(stubs.stats("client-info").resets()).isEqualTo(1);
    }

    @Test
    void aFailedAnswerIsAFailureAndTheNextLookUpsStillGetTheirs() throws Exception {
        ClientInfoClient client = client(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0).withErrorRate(0.5).withSeed(7), 5000);
        int answered = 0;
        int failed = 0;
        // more look-ups than pooled connections (2): a failed answer that kept its connection would block the rest
        for (int i = 0; i < 20; i++) {
            try {
                client.fetch("user-" + i);
                answered++;
            } catch (IOException e) {
                assertThat(e).hasMessageContaining("answered 500");
                failed++;
            }
        }

        assertThat(answered).isPositive();
        assertThat(failed).isPositive();
        assertThat(stubs.stats("client-info").gets()).isEqualTo(20);
    }
}
