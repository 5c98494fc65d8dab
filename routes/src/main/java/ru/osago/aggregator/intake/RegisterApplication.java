package ru.osago.aggregator.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.state.QuoteLedger;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

/** Stores a valid request through the ledger; the result says whether it is new. */
@Component
class RegisterApplication {

    private final QuoteLedger ledger;
    private final AggregatorProperties properties;
    private final ObjectMapper json = OsagoJson.mapper();

    RegisterApplication(QuoteLedger ledger, AggregatorProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    public QuoteLedger.Registration register(@Body QuoteRequest request, @Header("JMSRedelivered") Boolean redelivered)
            throws JsonProcessingException {
        return ledger.register(request, json.writeValueAsString(request), Boolean.TRUE.equals(redelivered),
                properties.deadline(), properties.polling().createLease());
    }
}
