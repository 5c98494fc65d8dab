package ru.osago.model;

/** One invalid input field: a JSON-style path ({@code vehicle.vin}, {@code drivers[0].birthDate}) and why. */
public record FieldError(String field, String message) {
}
