package ru.osago.core.request;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * platform-http on Spring MVC, with the API's routes run on the servlet container's request thread.
 * <p>
 * The starter's own engine hands every request to a task executor and returns a future, so Spring MVC starts
 * async processing and dispatches each request a second time through the filters and the DispatcherServlet
 * when the route is done. A POST holds its thread for a few milliseconds (database and broker), and a client
 * look-up for at most its 250 ms limit, so the hop buys nothing and the second dispatch costs CPU on every
 * request. Named as the starter's bean, which then backs off.
 */
@Component("platform-http-engine")
class RequestThreadHttpEngine extends SpringBootPlatformHttpEngine {

    RequestThreadHttpEngine(@Value("${server.port:8080}") int port) {
        super(port);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new RequestThreadHttpConsumer(endpoint, processor);
    }
}
