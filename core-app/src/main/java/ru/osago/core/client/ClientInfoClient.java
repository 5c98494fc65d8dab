package ru.osago.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.apache.camel.ExchangeProperty;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET <osago.core.client-info.url>/clients/{userId}} on the calling thread, over pooled keep-alive
 * connections: connecting and the answer are each given up after {@code timeout-ms}, and a look-up is never
 * retried, so the request thread waits no longer than that once a connection is open. Anything but a 200
 * with a name is a failure the breaker counts. A blocking call, as the request thread waits for the answer
 * anyway: with the JDK's asynchronous client, which hands each call between its own threads, core-app took
 * 5-14 % more CPU per quote (BENCHMARKS.md, session 32).
 */
@Component
public class ClientInfoClient {

    private final CloseableHttpClient http;
    private final ObjectMapper mapper;
    private final String baseUrl;

    ClientInfoClient(ObjectMapper mapper,
                     @Value("${osago.core.client-info.url}") String baseUrl,
                     @Value("${osago.core.client-info.breaker.timeout-ms}") long timeoutMs,
                     @Value("${osago.core.client-info.max-concurrent-calls}") int maxConcurrentCalls) {
        this.mapper = mapper;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        Timeout limit = Timeout.ofMilliseconds(timeoutMs);
        this.http = HttpClients.custom()
                // the bulkhead lets at most this many look-ups run at once: none waits for a connection
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConcurrentCalls)
                        .setMaxConnPerRoute(maxConcurrentCalls)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit).setSocketTimeout(limit)
                                // a connection idle this long is checked before use: one client-info has closed
                                // meanwhile must not cost a look-up, as no look-up is retried
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
                // a retry would wait a second time limit; the page goes on without the name instead
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    public ClientInfo fetch(@ExchangeProperty(ClientInfoRoute.USER_ID) String userId) throws IOException {
        String uri = baseUrl + "/clients/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpGet get = new HttpGet(uri);
        get.setHeader("Accept", "application/json");
        return http.execute(get, response -> {
            if (response.getCode() != 200) {
                throw new IOException("client-info answered " + response.getCode() + " for " + uri);
            }
            JsonNode body = mapper.readTree(response.getEntity().getContent());
            if (!body.path("fullName").isTextual()) {
                throw new IOException("client-info sent no fullName for " + uri);
            }
            return new ClientInfo(body.path("fullName").asText(),
                    body.path("kbm").isNumber() ? body.path("kbm").decimalValue() : null);
        });
    }

    @PreDestroy
    void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
