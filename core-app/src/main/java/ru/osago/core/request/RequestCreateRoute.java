package ru.osago.core.request;

import org.springframework.stereotype.Component;

/**
 * POST /api/osago/requests: validate, remember, hand to the aggregator, answer 202 (or 400 / 429 / 503).
 */
@Component
class RequestCreateRoute extends ApiRouteBuilder {

    private final RequestIntake intake;
    private final SubmittedRequests submitted;
    private final AcceptedReply acceptedReply;
    private final BrokerUnavailableReply brokerUnavailableReply;
    private final RefusalCounter refusals;

    RequestCreateRoute(RequestIntake intake, SubmittedRequests submitted, AcceptedReply acceptedReply,
                       BrokerUnavailableReply brokerUnavailableReply, RefusalCounter refusals) {
        this.intake = intake;
        this.submitted = submitted;
        this.acceptedReply = acceptedReply;
        this.brokerUnavailableReply = brokerUnavailableReply;
        this.refusals = refusals;
    }

    @Override
    public void configure() {
        jsonErrors();

        from("direct:request-create")
                .routeId("request-create")
                .description("Validates a browser's quote request and submits it to the aggregator")
                .process(intake).id("validate-request")
                .filter(exchangeProperty(RequestIntake.ACCEPTED).isEqualTo(true))
                    .process(e -> submitted.record(
                            e.getProperty(RequestIntake.REQUEST_ID, String.class),
                            e.getProperty(RequestIntake.USER_ID, String.class))).id("record-request")
                    .to("direct:request-submit").id("submit-request")
                    .choice()
                        .when(exchangeProperty(RequestSubmitRoute.BROKER_UNAVAILABLE).isEqualTo(true))
                            .process(brokerUnavailableReply).id("broker-unavailable-reply")
                        .otherwise()
                            .process(acceptedReply).id("accepted-reply")
                    .end()
                .end()
                .process(refusals).id("count-refusals");
    }
}
