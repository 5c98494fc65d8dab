package ru.osago.aggregator.insurer;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

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
        InsurerCalls calls = new InsurerCalls(new InsurerCatalog(List.of(settings)), java.time.Clock.systemUTC());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(InsurerCall.PROPERTY, new InsurerCall("req-1", "alfa", InsurerCall.Operation.POLL, "ext-1",
                null, 2, 0, Instant.now().plusSeconds(60)));
        exchange.getMessage().setHeader("X-Api-Key", "from-the-caller");

        calls.prepare(exchange, "alfa");

        assertThat(exchange.getMessage().getHeader("X-Api-Key")).isEqualTo(System.getenv("PATH"));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/osago/applications/ext-1/offer");
    }
}
