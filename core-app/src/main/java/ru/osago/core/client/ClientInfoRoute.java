package ru.osago.core.client;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.springframework.stereotype.Component;
import ru.osago.core.resilience.Breakers;
import ru.osago.model.OsagoJson;

/**
 * GET /api/osago/client: the user's name and KBM from client-info (200), or 204 when it is slow, down, the
 * breaker is open or too many look-ups are under way. The page asks for it beside its quote request, so a quote never waits for client-info: its
 * 100-300 ms would otherwise be most of every POST's answer time.
 */
@Component
class ClientInfoRoute extends RouteBuilder {

    static final String USER_ID = "osagoUserId";

    private final ClientInfoClient client;

    ClientInfoRoute(ClientInfoClient client) {
        this.client = client;
    }

    @Override
    public void configure() {
        from("direct:client-info")
                .routeId("client-info")
                .description("Looks up the user's name and KBM in client-info; 204 when it is slow or down")
                .process(e -> e.setProperty(USER_ID, UserId.of(e.getMessage().getHeader(UserId.HEADER, String.class))))
                .removeHeaders("*")
                .circuitBreaker().id("client-info-breaker")
                    .resilience4jConfiguration(Breakers.fromProperties("client-info")
                            // a page or script asking over and over cannot tie up the request threads or
                            // flood client-info: look-ups beyond this many at once get a 204 at once
                            .bulkheadEnabled(true)
                            .bulkheadMaxConcurrentCalls("{{osago.core.client-info.max-concurrent-calls}}")
                            // our own load says nothing of client-info's health: the breaker does not count it
                            .ignoreException(BulkheadFullException.class))
                    .setBody(method(client, "fetch")).id("fetch-client-info")
                    .marshal(new JacksonDataFormat(OsagoJson.mapper(), ClientInfo.class))
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json;charset=UTF-8"))
                    // the user's own data: the browser may keep it, a shared cache may not
                    .setHeader("Cache-Control", constant("private, max-age=300"))
                .onFallback()
                    .choice()
                        // not asked (no exception): the breaker is open, and BreakerTransitionLog logged its opening.
                        // A line per page view would flood the log for as long as client-info is down.
                        .when(exchangeProperty(Exchange.EXCEPTION_CAUGHT).isNull())
                            .log(LoggingLevel.DEBUG, "client-info not asked for ${exchangeProperty." + USER_ID + "}: "
                                    + "its breaker is open")
                        .otherwise()
                            .log(LoggingLevel.WARN, "client-info unavailable for ${exchangeProperty." + USER_ID + "}: "
                                    + "${exchangeProperty.CamelExceptionCaught.message}")
                    .end()
                    .setBody(constant(null))
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(204))
                    // the next page should ask again, client-info may be back by then
                    .setHeader("Cache-Control", constant("no-store"))
                .end()
                .setHeader("Vary", constant(UserId.HEADER));
    }
}
