package ru.osago.core.request;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Camel's HTTP header filter, except that it lets {@code Cache-Control} out: Camel drops it from answers by
 * default, and the API sets it on purpose (no-store on requests and errors, private on the user's data).
 */
@Component(ApiHeaderFilterStrategy.NAME)
class ApiHeaderFilterStrategy extends HttpHeaderFilterStrategy {

    static final String NAME = "apiHeaderFilterStrategy";

    ApiHeaderFilterStrategy() {
        getOutFilter().remove("cache-control");
    }
}
