package ru.osago.core.request;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * The REST API on platform-http (Spring MVC on the embedded server); JSON is read and written by the routes.
 * camel-openapi-java serves its OpenAPI document at {@code osago.core.openapi-path}; the WebSocket and SSE
 * streams are Spring endpoints, so the document names them in the description instead.
 */
@Component
class RestApiRoutes extends RouteBuilder {

    private static final String ERRORS = "JSON {\"errors\":[{\"field\",\"message\"}]}";

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .bindingMode(RestBindingMode.off)
                .endpointProperty("headerFilterStrategy", "#" + ApiHeaderFilterStrategy.NAME)
                .apiContextPath("{{osago.core.openapi-path}}")
                .apiProperty("api.title", "OSAGO quotes: core-app API")
                .apiProperty("api.version", "1")
                .apiProperty("api.description", "Submit a quote request, then follow its events over WebSocket "
                        + "(/api/osago/requests/{id}/stream?token=) or Server-Sent Events "
                        + "(/api/osago/requests/{id}/events?token=); the snapshot is the fallback.");

        rest("/api/osago/requests")
                .description("OSAGO quote requests")
                .post()
                    .id("post-request")
                    .description("Submit a quote request; 202 with the stream URL and token")
                    .consumes("application/json").produces("application/json")
                    .param().name("X-User-Id").type(RestParamType.header).required(false)
                        .description("the user (default guest); the rate limit is per user").endParam()
                    .param().name("body").type(RestParamType.body).required(true)
                        .description("vehicle, owner, drivers or unlimitedDrivers, policyStart").endParam()
                    .responseMessage().code(202).message("accepted: {requestId, streamUrl, eventsUrl, snapshotUrl, token}").endResponseMessage()
                    .responseMessage().code(400).message("invalid input: " + ERRORS).endResponseMessage()
                    .responseMessage().code(429).message("too many requests from this user; header Retry-After (s), " + ERRORS).endResponseMessage()
                    .responseMessage().code(503).message("the broker is unavailable; header Retry-After (s), " + ERRORS).endResponseMessage()
                    .to("direct:request-create")
                .get("/{id}")
                    .id("get-request-snapshot")
                    .description("Everything received so far for a request (needs ?token=)")
                    .produces("application/json")
                    .param().name("id").type(RestParamType.path).required(true).description("the requestId").endParam()
                    .param().name("token").type(RestParamType.query).required(true).description("the token from the 202").endParam()
                    .responseMessage().code(200).message("{requestId, events (by seq), completed}").endResponseMessage()
                    .responseMessage().code(403).message("missing or wrong token: " + ERRORS).endResponseMessage()
                    .responseMessage().code(404).message("unknown request: " + ERRORS).endResponseMessage()
                    .to("direct:request-snapshot");

        rest("/api/osago/client")
                .description("The user's data from client-info, asked for beside a quote request")
                .get()
                    .id("get-client")
                    .description("The user's name and KBM; a quote never waits for them")
                    .produces("application/json")
                    .param().name("X-User-Id").type(RestParamType.header).required(false)
                        .description("the user (default guest)").endParam()
                    .responseMessage().code(200).message("{fullName, kbm}").endResponseMessage()
                    .responseMessage().code(204).message("client-info did not answer in time, or is down").endResponseMessage()
                    .to("direct:client-info");
    }
}
