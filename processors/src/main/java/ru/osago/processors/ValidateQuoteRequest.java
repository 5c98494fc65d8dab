package ru.osago.processors;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import ru.osago.model.QuoteRequest;
import ru.osago.validation.QuoteRequestValidator;

/** Checks the request field by field and replaces it with its normalised form; invalid ones throw. */
public class ValidateQuoteRequest implements Processor {

    private final QuoteRequestValidator validator;

    public ValidateQuoteRequest(QuoteRequestValidator validator) {
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        QuoteRequest request = exchange.getMessage().getMandatoryBody(QuoteRequest.class);
        QuoteRequestValidator.Result result = validator.validate(request);
        if (!result.valid()) {
            throw new InvalidRequestException(request.requestId(), result.errors());
        }
        exchange.getMessage().setBody(result.request());
    }
}
