package ru.osago.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A driver's application for OSAGO quotes, as core-app puts it on {@code rq.queue}.
 * {@code requestId} is core-app's id and the idempotency key of the whole flow.
 */
public record QuoteRequest(
        String requestId,
        String userId,
        Vehicle vehicle,
        Person owner,
        boolean unlimitedDrivers,
        List<Driver> drivers,
        LocalDate policyStart) {

    public QuoteRequest {
        drivers = drivers == null ? List.of() : List.copyOf(drivers);
    }

    public QuoteRequest withVehicle(Vehicle normalised) {
        return new QuoteRequest(requestId, userId, normalised, owner, unlimitedDrivers, drivers, policyStart);
    }
}
