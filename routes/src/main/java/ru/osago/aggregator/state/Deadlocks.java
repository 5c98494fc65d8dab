package ru.osago.aggregator.state;

import org.springframework.dao.PessimisticLockingFailureException;

import java.util.function.Supplier;

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock's victim (or a lock wait failed).
 * Writers take their locks in one order, so this is the last line, not the plan.
 */
final class Deadlocks {

    private static final int ATTEMPTS = 3;

    private Deadlocks() {
    }

    static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
