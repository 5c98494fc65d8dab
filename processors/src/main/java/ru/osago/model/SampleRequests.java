package ru.osago.model;

import java.time.LocalDate;
import java.util.List;

/** A valid demo application: the web page's defaults, and the one the tests and the load generator send. */
public final class SampleRequests {

    private SampleRequests() {
    }

    public static QuoteRequest valid(String requestId, String userId, LocalDate today) {
        Vehicle vehicle = new Vehicle("XTA219010K0123456", "А123ВС77", "LADA", "Vesta", 2019, 106, "B");
        Person owner = new Person("Иванов", "Иван", "Иванович", LocalDate.of(1985, 4, 12));
        Driver driver = new Driver("Иванов", "Иван", "Иванович", LocalDate.of(1985, 4, 12),
                "77 12 345678", LocalDate.of(2005, 6, 1));
        return new QuoteRequest(requestId, userId, vehicle, owner, false, List.of(driver), today.plusDays(1));
    }
}
