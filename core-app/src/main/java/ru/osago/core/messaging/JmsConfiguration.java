package ru.osago.core.messaging;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * camel-jms, configured by hand because its starter is absent from our registry.
 * <p>
 * The connection factory is Spring Boot's: with {@code spring.artemis.pool.enabled=true} it is a pooled-jms
 * {@code JmsPoolConnectionFactory} over Artemis' {@code ActiveMQConnectionFactory}, so producers do not open a
 * connection per message. Consumers cache their JMS consumer ({@code CACHE_CONSUMER}); transacted consumers
 * (the event intake) use local JMS session transactions, which keep that cache.
 */
@Configuration(proxyBeanMethods = false)
public class JmsConfiguration {

    /** Name of the database transaction policy routes refer to with {@code transacted(...)}. */
    public static final String DB_TX = "dbTx";

    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        jms.setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    /** PROPAGATION_REQUIRED on the DataSource: an event's insert and its topic publish commit together. */
    @Bean(DB_TX)
    SpringTransactionPolicy dbTx(PlatformTransactionManager transactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }
}
