package ru.osago.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import ru.osago.model.OsagoJson;

import java.time.Clock;

/** osago-aggregator: takes quote requests from {@code rq.queue}, asks every insurer, streams events back. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AggregatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(AggregatorApplication.class, args);
    }

    /**
     * The contracts' JSON settings (ISO-8601 dates) for the status API's REST binding, which Camel finds by
     * type. Jackson 2: Spring Boot 4 auto-configures only a Jackson 3 mapper, which Camel's jackson cannot use.
     */
    @Bean
    ObjectMapper objectMapper() {
        return OsagoJson.mapper();
    }

    /** Deadlines, poll times and audit stamps in UTC; tests replace it to move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
