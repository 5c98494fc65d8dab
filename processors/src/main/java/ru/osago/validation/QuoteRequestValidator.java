package ru.osago.validation;

import ru.osago.model.Driver;
import ru.osago.model.FieldError;
import ru.osago.model.Person;
import ru.osago.model.QuoteRequest;
import ru.osago.model.Vehicle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link QuoteRequest} field by field and normalises what users type loosely (VIN case,
 * plate letters). Used by core-app (HTTP 400) and by the aggregator ({@code REJECTED}), so both
 * apply the same rules: a request core-app accepts is one the aggregator accepts.
 * <p>
 * Dates are judged by the UTC date of one instant, whatever the JVM's time zone: core-app validates at
 * {@code now} and the aggregator at the instant core-app validated it ({@link #validate(QuoteRequest, Instant)}),
 * so a request that crossed midnight in the queue is not refused for it. Every value's length is checked
 * before any pattern, and no pattern loops over an alternation, so a value of any length costs one scan.
 * Free text (names, make, model) holds no control characters and no unpaired surrogates, which neither
 * JSON nor PostgreSQL would carry intact.
 */
public final class QuoteRequestValidator {

    /** 17 characters, no I, O or Q (ISO 3779); the check digit is not mandatory for Russian cars. */
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Russian licence: 2+2 digit series and a 6-digit number, spaces optional. */
    private static final Pattern LICENCE = Pattern.compile("\\d{2}\\s?\\d{2}\\s?\\d{6}");
    private static final Set<String> CATEGORIES = Set.of("A", "B", "C", "D", "BE", "CE", "DE", "TM", "TB");
    private static final int MAX_DRIVERS = 5;
    private static final int MIN_DRIVER_AGE = 18;
    private static final int MAX_POLICY_START_DAYS = 90;
    /** Longest id, name, make or model, and longest plate and licence number as typed (with spaces). */
    public static final int MAX_ID = 64;
    public static final int MAX_NAME = 60;
    public static final int MAX_MAKE_OR_MODEL = 40;
    private static final int MAX_TYPED_CODE = 24;

    private final Clock clock;

    public QuoteRequestValidator(Clock clock) {
        this.clock = clock;
    }

    /** The result: the normalised request and the errors (empty when valid). */
    public record Result(QuoteRequest request, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result validate(QuoteRequest request) {
        return validate(request, clock.instant());
    }

    /** As of {@code at}: dates are judged against its UTC date. */
    public Result validate(QuoteRequest request, Instant at) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            return new Result(null, List.of(new FieldError("", "request body is required")));
        }
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        id(request.requestId(), "requestId", errors);
        id(request.userId(), "userId", errors);
        Vehicle vehicle = vehicle(request.vehicle(), today, errors);
        person(request.owner(), "owner", today, errors);
        drivers(request, today, errors);
        LocalDate start = request.policyStart();
        if (start == null) {
            errors.add(new FieldError("policyStart", "is required"));
        } else if (start.isBefore(today)) {
            errors.add(new FieldError("policyStart", "must not be in the past"));
        } else if (start.isAfter(today.plusDays(MAX_POLICY_START_DAYS))) {
            errors.add(new FieldError("policyStart", "must be within " + MAX_POLICY_START_DAYS + " days"));
        }
        QuoteRequest normalised = vehicle == null ? request : request.withVehicle(vehicle);
        return new Result(normalised, List.copyOf(errors));
    }

    private static void id(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > MAX_ID || !ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
    }

    private static Vehicle vehicle(Vehicle v, LocalDate today, List<FieldError> errors) {
        if (v == null) {
            errors.add(new FieldError("vehicle", "is required"));
            return null;
        }
        String vin = v.vin() == null ? null : v.vin().length() > MAX_TYPED_CODE ? v.vin() : v.vin().trim().toUpperCase(Locale.ROOT);
        if (vin == null || vin.isBlank()) {
            errors.add(new FieldError("vehicle.vin", "is required"));
        } else if (vin.length() != 17) {
            errors.add(new FieldError("vehicle.vin", "must be 17 characters"));
        } else if (!VIN.matcher(vin).matches()) {
            errors.add(new FieldError("vehicle.vin", "may hold only Latin letters and digits, without I, O and Q"));
        }
        String plate = v.plate() == null ? null : v.plate().length() > MAX_TYPED_CODE ? v.plate() : PlateNormalizer.normalize(v.plate());
        if (plate == null || plate.isBlank()) {
            errors.add(new FieldError("vehicle.plate", "is required"));
        } else if (plate.length() > MAX_TYPED_CODE || !PlateNormalizer.isValid(plate)) {
            errors.add(new FieldError("vehicle.plate", "must look like А123ВС77 (letters А В Е К М Н О Р С Т У Х)"));
        }
        required(v.make(), "vehicle.make", MAX_MAKE_OR_MODEL, errors);
        required(v.model(), "vehicle.model", MAX_MAKE_OR_MODEL, errors);
        if (v.year() == null) {
            errors.add(new FieldError("vehicle.year", "is required"));
        } else if (v.year() < 1950 || v.year() > today.getYear() + 1) {
            errors.add(new FieldError("vehicle.year", "must be between 1950 and " + (today.getYear() + 1)));
        }
        if (v.powerHp() == null) {
            errors.add(new FieldError("vehicle.powerHp", "is required"));
        } else if (v.powerHp() < 1 || v.powerHp() > 2000) {
            errors.add(new FieldError("vehicle.powerHp", "must be between 1 and 2000"));
        }
        String category = v.category() == null || v.category().isBlank() ? "B"
                : v.category().length() > MAX_TYPED_CODE ? v.category() : v.category().trim().toUpperCase(Locale.ROOT);
        if (!CATEGORIES.contains(category)) {
            errors.add(new FieldError("vehicle.category", "must be one of " + String.join(", ", CATEGORIES.stream().sorted().toList())));
        }
        return new Vehicle(vin, plate, trim(v.make()), trim(v.model()), v.year(), v.powerHp(), category);
    }

    private static void person(Person p, String field, LocalDate today, List<FieldError> errors) {
        if (p == null) {
            errors.add(new FieldError(field, "is required"));
            return;
        }
        names(p.lastName(), p.firstName(), p.middleName(), field, errors);
        birthDate(p.birthDate(), field + ".birthDate", today, errors);
    }

    private static void drivers(QuoteRequest request, LocalDate today, List<FieldError> errors) {
        List<Driver> drivers = request.drivers();
        if (request.unlimitedDrivers()) {
            if (!drivers.isEmpty()) {
                errors.add(new FieldError("drivers", "must be empty when unlimitedDrivers is true"));
            }
            return;
        }
        if (drivers.isEmpty()) {
            errors.add(new FieldError("drivers", "name at least one driver, or set unlimitedDrivers"));
        } else if (drivers.size() > MAX_DRIVERS) {
            // one error, not one per driver of a list of thousands
            errors.add(new FieldError("drivers", "at most " + MAX_DRIVERS + " drivers"));
            return;
        }
        for (int i = 0; i < drivers.size(); i++) {
            String field = "drivers[" + i + "]";
            Driver d = drivers.get(i);
            if (d == null) {
                errors.add(new FieldError(field, "is required"));
                continue;
            }
            names(d.lastName(), d.firstName(), d.middleName(), field, errors);
            birthDate(d.birthDate(), field + ".birthDate", today, errors);
            if (d.licenceNumber() == null || d.licenceNumber().isBlank()) {
                errors.add(new FieldError(field + ".licenceNumber", "is required"));
            } else if (d.licenceNumber().length() > MAX_TYPED_CODE || !LICENCE.matcher(d.licenceNumber().trim()).matches()) {
                errors.add(new FieldError(field + ".licenceNumber", "must be 10 digits: series and number, e.g. 77 12 345678"));
            }
            if (d.licenceIssued() == null) {
                errors.add(new FieldError(field + ".licenceIssued", "is required"));
            } else if (d.licenceIssued().isAfter(today)) {
                errors.add(new FieldError(field + ".licenceIssued", "must not be in the future"));
            } else if (d.birthDate() != null && Period.between(d.birthDate(), d.licenceIssued()).getYears() < 16) {
                errors.add(new FieldError(field + ".licenceIssued", "must be at least 16 years after the birth date"));
            }
        }
    }

    private static void names(String lastName, String firstName, String middleName, String field, List<FieldError> errors) {
        required(lastName, field + ".lastName", MAX_NAME, errors);
        required(firstName, field + ".firstName", MAX_NAME, errors);
        if (middleName != null && !middleName.isBlank()) {
            text(middleName, field + ".middleName", MAX_NAME, errors);
        }
    }

    private static void birthDate(LocalDate birthDate, String field, LocalDate today, List<FieldError> errors) {
        if (birthDate == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (Period.between(birthDate, today).getYears() < MIN_DRIVER_AGE) {
            errors.add(new FieldError(field, "must be at least " + MIN_DRIVER_AGE + " years ago"));
        } else if (birthDate.isBefore(today.minusYears(120))) {
            errors.add(new FieldError(field, "is not a plausible birth date"));
        }
    }

    private static void required(String value, String field, int maxLength, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            text(value, field, maxLength, errors);
        }
    }

    private static void text(String value, String field, int maxLength, List<FieldError> errors) {
        if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        } else if (!printable(value)) {
            errors.add(new FieldError(field, "must not contain control characters or broken Unicode"));
        }
    }

    /** No control characters, no unpaired UTF-16 surrogates. */
    static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
