package ru.osago.core.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import ru.osago.core.CoreAppTest;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's routes answer on the request's own thread: one pass through the filters per request, no async
 * dispatch ({@link RequestThreadHttpEngine}). A filter that also sees async dispatches records each pass.
 */
@CoreAppTest
@Import(RequestThreadTest.DispatchRecorder.class)
class RequestThreadTest {

    private static final Queue<String> PASSES = new ConcurrentLinkedQueue<>();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPostIsAnsweredInOnePassThroughTheFilters() throws Exception {
        ObjectNode body = OsagoJson.mapper().valueToTree(SampleRequests.valid(null, null, LocalDate.now()));
        body.remove("requestId");
        body.remove("userId");
        PASSES.clear();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/osago/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(List.copyOf(PASSES)).containsExactly("REQUEST /api/osago/requests");
    }

    @Test
    void anErrorAnswerIsWrittenInOnePassToo() throws Exception {
        PASSES.clear();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/osago/requests/nope?token=x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"errors\"");
        assertThat(List.copyOf(PASSES)).containsExactly("REQUEST /api/osago/requests/nope");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @TestConfiguration
    static class DispatchRecorder {
        @Bean
        FilterRegistrationBean<Filter> dispatchRecordingFilter() {
            Filter filter = (request, response, chain) -> {
                String uri = ((HttpServletRequest) request).getRequestURI();
                if (uri.startsWith("/api/")) {
                    PASSES.add(request.getDispatcherType() + " " + uri);
                }
                chain.doFilter(request, response);
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            return registration;
        }
    }
}
