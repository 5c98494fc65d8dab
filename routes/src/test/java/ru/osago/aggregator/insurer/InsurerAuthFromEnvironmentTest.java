package ru.osago.aggregator.insurer;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An insurer's secret travels from the environment to its request header; the file only names the
 * variable. PATH stands in for the secret's variable: it is set wherever the test runs.
 */
class InsurerAuthFromEnvironmentTest {

    @Test
    void requestCarriesTheHeaderWithTheEnvironmentVariablesValue() throws Exception {
        InsurerSettings settings = new InsurerSettings("alfa", "Alfa", true, "http://127.0.0.1:9",
                new InsurerSettings.Auth("X-Api-Key", "PATH"), null, null, null, null, null, null, null);
        InsurerCalls calls = new InsurerCalls(new InsurerCatalog(List.of(settings)), Clock.systemUTC());

        PreparedCall prepared = calls.prepare(new CallBatch("alfa", List.of(new InsurerCall("req-1", "alfa",
                InsurerCall.Operation.POLL, "ext-1", null, 2, 0, Instant.now().plusSeconds(60))))).get(0);

        assertThat(prepared.headers()).containsEntry("X-Api-Key", System.getenv("PATH"));
        assertThat(prepared.method()).isEqualTo("GET");
        assertThat(prepared.url()).isEqualTo("http://127.0.0.1:9/osago/applications/ext-1/offer");
    }
}
