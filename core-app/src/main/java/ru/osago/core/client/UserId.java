package ru.osago.core.client;

/** Who is asking: the {@code X-User-Id} header, or {@code guest} for the anonymous page. */
public final class UserId {

    public static final String HEADER = "X-User-Id";
    public static final String GUEST = "guest";

    private UserId() {
    }

    public static String of(String header) {
        return header == null || header.isBlank() ? GUEST : header.trim();
    }
}
