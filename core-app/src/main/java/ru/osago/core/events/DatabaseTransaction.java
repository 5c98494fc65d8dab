package ru.osago.core.events;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the steps of a {@code policy(...)} block in one database transaction (propagation REQUIRED), on the
 * consumer's thread, and rolls it back when they end in an exception or rollback-only, or handled one.
 * <p>
 * Camel's own {@code transacted()} does the same, but its 4.22 {@code TransactionErrorHandler} rolls back every
 * exchange that finishes after a graceful shutdown has begun, whether forced or not. A stopping instance still
 * takes the events its JMS consumers have in hand ({@code acceptMessagesWhileStopping}), so each of them was
 * rolled back, redelivered to the other stopping consumers and dead-lettered once all had tried.
 */
@Component
class DatabaseTransaction implements Policy {

    private final TransactionTemplate transaction;

    DatabaseTransaction(PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the template is made once
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return exchange -> transaction.executeWithoutResult(status -> {
            try {
                steps.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            // a failure handled on the way (an event sent to the dead-letter queue) leaves nothing stored either
            if (exchange.getException() != null || exchange.isRollbackOnly()
                    || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
                status.setRollbackOnly();
            }
        });
    }
}
