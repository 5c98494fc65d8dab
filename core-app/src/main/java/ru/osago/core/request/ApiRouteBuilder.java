package ru.osago.core.request;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Routes that answer HTTP: whatever goes wrong becomes a JSON 500, never a stack trace. */
abstract class ApiRouteBuilder extends RouteBuilder {

    protected void jsonErrors() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "${routeId} failed: ${exception.stacktrace}")
                .process(HttpReplies::serverError);
    }
}
