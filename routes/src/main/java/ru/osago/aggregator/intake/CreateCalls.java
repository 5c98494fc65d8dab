package ru.osago.aggregator.intake;

import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.state.QuoteLedger;

import java.util.List;

/** The first call to each insurer of a new request: create the application there. */
public class CreateCalls {

    public List<InsurerCall> of(QuoteLedger.Registration registration) {
        return registration.insurers().stream()
                .map(insurer -> new InsurerCall(registration.requestId(), insurer.id(), InsurerCall.Operation.CREATE,
                        null, registration.applicationJson(), 1, 0, registration.deadline()))
                .toList();
    }
}
