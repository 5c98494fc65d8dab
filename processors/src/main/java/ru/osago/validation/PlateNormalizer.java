package ru.osago.validation;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Russian registration plates ({@code А123ВС77}, {@code А123ВС777}). Only the twelve letters that look
 * alike in Cyrillic and Latin are allowed; Latin look-alikes typed by a user are turned into Cyrillic.
 */
public final class PlateNormalizer {

    private static final Map<Character, Character> LATIN_TO_CYRILLIC = Map.ofEntries(
            Map.entry('A', 'А'), Map.entry('B', 'В'), Map.entry('E', 'Е'), Map.entry('K', 'К'),
            Map.entry('M', 'М'), Map.entry('H', 'Н'), Map.entry('O', 'О'), Map.entry('P', 'Р'),
            Map.entry('C', 'С'), Map.entry('T', 'Т'), Map.entry('Y', 'У'), Map.entry('X', 'Х'));

    private static final Locale RUSSIAN = Locale.of("ru");

    private static final Pattern PLATE = Pattern.compile("[АВЕКМНОРСТУХ]\\d{3}[АВЕКМНОРСТУХ]{2}\\d{2,3}");
    private static final Pattern SPACES = Pattern.compile("\\s++");

    private PlateNormalizer() {
    }

    /** Upper-cased, spaces dropped, Latin look-alikes in Cyrillic; not checked. */
    public static String normalize(String plate) {
        String compact = SPACES.matcher(plate).replaceAll("").toUpperCase(RUSSIAN);
        StringBuilder out = new StringBuilder(compact.length());
        for (char c : compact.toCharArray()) {
            out.append(LATIN_TO_CYRILLIC.getOrDefault(c, c));
        }
        return out.toString();
    }

    public static boolean isValid(String normalizedPlate) {
        return PLATE.matcher(normalizedPlate).matches() && !normalizedPlate.substring(1, 4).equals("000");
    }
}
