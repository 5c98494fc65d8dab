package ru.osago.model;

import java.time.LocalDate;

/** The car's owner (the policy holder). */
public record Person(
        String lastName,
        String firstName,
        String middleName,
        LocalDate birthDate) {
}
