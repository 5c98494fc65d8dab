package ru.osago.core.request;

import org.springframework.stereotype.Component;

/** GET /api/osago/requests/{id}?token=: the stored events, what a reconnecting page loads first. */
@Component
class RequestSnapshotRoute extends ApiRouteBuilder {

    private final SnapshotReply snapshotReply;

    RequestSnapshotRoute(SnapshotReply snapshotReply) {
        this.snapshotReply = snapshotReply;
    }

    @Override
    public void configure() {
        jsonErrors();

        from("direct:request-snapshot")
                .routeId("request-snapshot")
                .description("Answers a request's snapshot from core-app's event table")
                .process(snapshotReply).id("snapshot-reply");
    }
}
