package ru.osago.core.client;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.core.resilience.Breakers;

/**
 * The user's data from client-info for the accepted reply, or nothing: the quote never waits for it longer
 * than {@code osago.core.client-info.breaker.timeout-ms}, and not at all while the breaker is open.
 * In: property {@link #USER_ID}; out: property {@link #CLIENT_INFO}, a {@link ClientInfo} or absent.
 */
@Component
public class ClientInfoRoute extends RouteBuilder {

    public static final String USER_ID = "osagoUserId";
    public static final String CLIENT_INFO = "osagoClientInfo";

    private final ClientInfoClient client;

    ClientInfoRoute(ClientInfoClient client) {
        this.client = client;
    }

    @Override
    public void configure() {
        from("direct:client-info")
                .routeId("client-info")
                .description("Looks up the user's name and KBM in client-info, going on without them when it is slow or down")
                .removeProperty(CLIENT_INFO)
                .circuitBreaker().id("client-info-breaker")
                    .resilience4jConfiguration(Breakers.fromProperties("client-info"))
                    .setProperty(CLIENT_INFO, method(client, "fetch")).id("fetch-client-info")
                .onFallback()
                    .log(LoggingLevel.WARN, "client-info unavailable for ${exchangeProperty." + USER_ID + "}, going on without it: "
                            + "${exchangeProperty.CamelExceptionCaught.message}")
                    .removeProperty(CLIENT_INFO)
                .end();
    }
}
