package ru.osago.model;

/** The insured car. {@code category} is the Russian licence category (B for cars). */
public record Vehicle(
        String vin,
        String plate,
        String make,
        String model,
        Integer year,
        Integer powerHp,
        String category) {
}
