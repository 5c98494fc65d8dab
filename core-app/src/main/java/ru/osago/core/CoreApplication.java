package ru.osago.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import ru.osago.model.OsagoJson;
import ru.osago.validation.QuoteRequestValidator;

import java.time.Clock;

/** core-app: REST API, JMS to and from osago-aggregator, the WebSocket/SSE stream and the web page. */
@SpringBootApplication
public class CoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(CoreApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    /**
     * The contracts' JSON settings (ISO dates, tolerant of added fields), for our own code and Camel's REST
     * binding. Jackson 2: Spring Boot 4's own JSON (Spring MVC, Actuator) is Jackson 3 and does not use it.
     */
    @Bean
    ObjectMapper objectMapper() {
        return OsagoJson.mapper();
    }

    @Bean
    QuoteRequestValidator quoteRequestValidator(Clock clock) {
        return new QuoteRequestValidator(clock);
    }
}
