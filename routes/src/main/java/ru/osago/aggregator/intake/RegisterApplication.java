package ru.osago.aggregator.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

import java.time.Duration;

/** Stores a valid request through the ledger; the result says whether it is new. */
@Component
class RegisterApplication {

    private final RequestRegistry registry;
    private final AggregatorProperties properties;
    private final ObjectMapper json = OsagoJson.mapper();

    RegisterApplication(RequestRegistry registry, AggregatorProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    public RequestRegistry.Registration register(@Body QuoteRequest request, @Header("JMSRedelivered") Boolean redelivered)
            throws JsonProcessingException {
        // first calls at the offer poller's next claim
        return registry.register(request, json.writeValueAsString(request), Boolean.TRUE.equals(redelivered),
                properties.deadline(), Duration.ZERO);
    }
}
