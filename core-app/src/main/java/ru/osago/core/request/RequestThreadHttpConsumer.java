package ru.osago.core.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the route on the calling (request) thread and answers before returning. Spring MVC maps this method as
 * the handler; a {@code null} future tells it the response is complete, so it starts no async processing.
 */
final class RequestThreadHttpConsumer extends SpringBootPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestThreadHttpConsumer.class);

    RequestThreadHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        // the executor is never used: service() below does not hand the request on
        super(endpoint, processor, Runnable::run);
    }

    @Override
    public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
        try {
            handleService(request, response);
        } catch (Exception e) {
            // the routes answer their own errors; this is a failure to write the answer, as the starter handles it
            LOG.warn("Error handling {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            if (!response.isCommitted()) {
                try {
                    response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                } catch (IOException gone) {
                    LOG.debug("Could not answer 500: {}", gone.toString());
                }
            }
        }
        return null;
    }
}
