package ru.osago.model;

/** An insurer as shown to a driver: its stable id and its display name. */
public record InsurerRef(String id, String name) {
}
