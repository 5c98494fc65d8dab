package ru.osago.stubs;

import ru.osago.model.Driver;
import ru.osago.model.Person;
import ru.osago.model.QuoteRequest;
import ru.osago.model.Vehicle;

import java.time.LocalDate;
import java.util.List;

/** The v2 company's request body: its own field names for the same facts as a QuoteRequest. */
record V2QuoteRequest(Car car, Insurant insurant, Boolean multidrive, List<V2Driver> drivers, LocalDate startDate) {

    record Car(String vin, String regNumber, String brand, String model, Integer releaseYear, Integer enginePower,
               String category) {
    }

    record Insurant(String surname, String name, String patronymic, LocalDate birthday) {
    }

    record License(String number, LocalDate issued) {
    }

    record V2Driver(String surname, String name, String patronymic, LocalDate birthday, License license) {
    }

    /** The shared model, so both dialects price one request identically. */
    QuoteRequest toQuoteRequest() {
        Vehicle vehicle = new Vehicle(car.vin(), car.regNumber(), car.brand(), car.model(), car.releaseYear(),
                car.enginePower(), car.category());
        Person owner = insurant == null ? null
                : new Person(insurant.surname(), insurant.name(), insurant.patronymic(), insurant.birthday());
        List<Driver> named = drivers == null ? List.of() : drivers.stream()
                .map(d -> new Driver(d.surname(), d.name(), d.patronymic(), d.birthday(),
                        d.license() == null ? null : d.license().number(),
                        d.license() == null ? null : d.license().issued()))
                .toList();
        return new QuoteRequest(null, null, vehicle, owner, Boolean.TRUE.equals(multidrive), named, startDate);
    }
}
