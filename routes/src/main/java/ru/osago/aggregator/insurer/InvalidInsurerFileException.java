package ru.osago.aggregator.insurer;

/** An insurer file that cannot be used; the message names the file, the field and what is wrong. */
public class InvalidInsurerFileException extends RuntimeException {

    public InvalidInsurerFileException(String message) {
        super(message);
    }
}
