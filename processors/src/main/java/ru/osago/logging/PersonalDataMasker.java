package ru.osago.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks a driver's personal data (names, dates of birth, licence numbers, VINs, plates) in text
 * bound for a log, whatever logged it: our code, Camel, a library's exception. It recognises the
 * values by their shape and by the field names of our JSON, the insurers' dialects and record
 * {@code toString()}s, so a request body or an event logged whole is masked too.
 */
public final class PersonalDataMasker {

    static final String MASK = "***";

    /** Field names whose value is personal data, in JSON ({@code "key":"value"}) and record form ({@code key=value}). */
    private static final String FIELDS = "lastName|firstName|middleName|fullName|surname|name|patronymic"
            + "|birthDate|birthday|licenceNumber|licenseNumber|licenceIssued|vin|plate|regNumber";

    private static final List<Rule> RULES = List.of(
            // "lastName": "Иванов" → "lastName": "***" (any JSON string value of those keys)
            // (an unrolled loop, every repetition possessive: a long value is scanned without recursion, where
            // the former (?:[^"\\]|\\.)* recursed once per character and overflowed the stack)
            new Rule(Pattern.compile("(\"(?:" + FIELDS + ")\"\\s*+:\\s*+)\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"", Pattern.CASE_INSENSITIVE),
                    "$1\"" + MASK + "\""),
            // Person[lastName=Иванов, …] → lastName=***
            new Rule(Pattern.compile("(\\b(?:" + FIELDS + ")=)[^,\\])}\\s][^,\\])}]*+"), "$1" + MASK),
            // a VIN: 17 characters without I, O, Q; the first three (the maker) stay readable
            new Rule(Pattern.compile("(?<![A-Za-z0-9])([A-HJ-NPR-Z0-9]{3})[A-HJ-NPR-Z0-9]{14}(?![A-Za-z0-9])"), "$1" + MASK),
            // a Russian licence number: 10 digits, series and number, spaced or not
            new Rule(Pattern.compile("(?<!\\w)\\d{2} ?\\d{2} ?\\d{6}(?!\\w)"), MASK),
            // a Russian plate in Cyrillic or its Latin look-alikes: А123ВС77
            new Rule(Pattern.compile("(?<![\\p{L}0-9])[АВЕКМНОРСТУХABEKMHOPCTYX]\\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2}\\d{2,3}(?![\\p{L}0-9])"),
                    MASK));

    private PersonalDataMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Rule rule : RULES) {
            masked = rule.apply(masked);
        }
        return masked;
    }

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? matcher.replaceAll(replacement) : text;
        }
    }
}
