package ru.osago.core.request;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;

/** The REST API on platform-http (Spring MVC on the embedded server); JSON is read and written by the routes. */
@Component
class RestApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .bindingMode(RestBindingMode.off);

        rest("/api/osago/requests")
                .description("OSAGO quote requests")
                .post()
                    .id("post-request")
                    .description("Submit a quote request; 202 with the stream URL and token")
                    .consumes("application/json").produces("application/json")
                    .to("direct:request-create")
                .get("/{id}")
                    .id("get-request-snapshot")
                    .description("Everything received so far for a request (needs ?token=)")
                    .produces("application/json")
                    .to("direct:request-snapshot");
    }
}
