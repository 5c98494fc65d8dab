package ru.osago.model;

import java.time.LocalDate;

/** A named driver; absent when the policy covers unlimited drivers. */
public record Driver(
        String lastName,
        String firstName,
        String middleName,
        LocalDate birthDate,
        String licenceNumber,
        LocalDate licenceIssued) {
}
