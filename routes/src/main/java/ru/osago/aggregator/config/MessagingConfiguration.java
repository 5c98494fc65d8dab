package ru.osago.aggregator.config;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * camel-jms has no Spring Boot starter in the registry we use, so the component is wired here over
 * Spring Boot's Artemis connection factory (pooled by pooled-jms: {@code spring.artemis.pool.enabled}).
 * Transacted consumers get camel-jms's own local JMS transaction manager, so the DataSource
 * transaction manager stays the application's only Spring one.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        // with transacted=true the default cache level is NONE: a new consumer per message
        jms.setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
