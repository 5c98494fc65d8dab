package ru.osago.validation;

import org.junit.jupiter.api.Test;
import ru.osago.model.Driver;
import ru.osago.model.FieldError;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;
import ru.osago.model.Vehicle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteRequestValidatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    private final QuoteRequestValidator validator =
            new QuoteRequestValidator(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void sampleRequestIsValid() {
        assertThat(validator.validate(SampleRequests.valid("r-1", "u-1", TODAY)).errors()).isEmpty();
    }

    @Test
    void vinWithForbiddenLetterIsRejectedWithItsField() {
        QuoteRequest request = withVehicle(vehicle -> new Vehicle("XTA21901OK0123456", vehicle.plate(),
                vehicle.make(), vehicle.model(), vehicle.year(), vehicle.powerHp(), vehicle.category()));

        assertThat(validator.validate(request).errors()).extracting(FieldError::field).containsExactly("vehicle.vin");
    }

    @Test
    void shortVinIsRejected() {
        QuoteRequest request = withVehicle(vehicle -> new Vehicle("XTA2190", vehicle.plate(),
                vehicle.make(), vehicle.model(), vehicle.year(), vehicle.powerHp(), vehicle.category()));

        assertThat(validator.validate(request).errors()).containsExactly(new FieldError("vehicle.vin", "must be 17 characters"));
    }

    @Test
    void latinLookAlikesInPlateAndLowerCaseVinAreNormalised() {
        QuoteRequest request = withVehicle(vehicle -> new Vehicle("xta219010k0123456", "a 123 bc 777",
                vehicle.make(), vehicle.model(), vehicle.year(), vehicle.powerHp(), null));

        QuoteRequestValidator.Result result = validator.validate(request);

        assertThat(result.errors()).isEmpty();
        assertThat(result.request().vehicle().plate()).isEqualTo("А123ВС777");
        assertThat(result.request().vehicle().vin()).isEqualTo("XTA219010K0123456");
        assertThat(result.request().vehicle().category()).isEqualTo("B");
    }

    @Test
    void plateWithNonRussianLetterIsRejected() {
        QuoteRequest request = withVehicle(vehicle -> new Vehicle(vehicle.vin(), "Z123ВС77",
                vehicle.make(), vehicle.model(), vehicle.year(), vehicle.powerHp(), vehicle.category()));

        assertThat(validator.validate(request).errors()).extracting(FieldError::field).containsExactly("vehicle.plate");
    }

    @Test
    void driversAreRequiredUnlessUnlimited() {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        QuoteRequest noDrivers = new QuoteRequest("r-1", "u-1", base.vehicle(), base.owner(), false, List.of(), base.policyStart());
        QuoteRequest unlimited = new QuoteRequest("r-1", "u-1", base.vehicle(), base.owner(), true, List.of(), base.policyStart());

        assertThat(validator.validate(noDrivers).errors()).extracting(FieldError::field).containsExactly("drivers");
        assertThat(validator.validate(unlimited).errors()).isEmpty();
    }

    @Test
    void underageDriverAndEarlyLicenceAreReportedPerField() {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        Driver young = new Driver("Петров", "Пётр", null, TODAY.minusYears(17), "7712345678", TODAY.minusYears(2));
        QuoteRequest request = new QuoteRequest("r-1", "u-1", base.vehicle(), base.owner(), false, List.of(young), base.policyStart());

        assertThat(validator.validate(request).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("drivers[0].birthDate", "drivers[0].licenceIssued");
    }

    @Test
    void policyStartInThePastAndMissingIdsAreReported() {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        QuoteRequest request = new QuoteRequest(" ", null, base.vehicle(), base.owner(), false, base.drivers(), TODAY.minusDays(1));

        assertThat(validator.validate(request).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("requestId", "userId", "policyStart");
    }

    /**
     * Every field a pattern or a length checks, 100,000 characters long (plain, Cyrillic, digits, escapes and
     * alternations a backtracking pattern would choke on): a field error each, never an exception.
     */
    @Test
    void aHundredThousandCharacterValueInEveryCheckedFieldIsAFieldErrorNotAnException() {
        for (String value : List.of("A".repeat(100_000), "Я".repeat(100_000), "7".repeat(100_000), "7 ".repeat(50_000),
                "\\\"".repeat(50_000), "А123ВС77".repeat(12_500))) {
            QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
            Driver driver = new Driver(value, value, value, base.drivers().get(0).birthDate(), value, base.drivers().get(0).licenceIssued());
            QuoteRequest request = new QuoteRequest(value, value,
                    new Vehicle(value, value, value, value, 2019, 106, value),
                    new ru.osago.model.Person(value, value, value, base.owner().birthDate()), false, List.of(driver), base.policyStart());

            assertThat(validator.validate(request).errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                    "requestId", "userId", "vehicle.vin", "vehicle.plate", "vehicle.make", "vehicle.model", "vehicle.category",
                    "owner.lastName", "owner.firstName", "owner.middleName",
                    "drivers[0].lastName", "drivers[0].firstName", "drivers[0].middleName", "drivers[0].licenceNumber");
        }
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesInNamesAreRefusedButEmojiAndCyrillicAreNot() {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        for (String bad : List.of("Иван\u0000ов", "Ива\nн", "\uD800x", "x\uDC00")) {
            QuoteRequest request = new QuoteRequest("r-1", "u-1", base.vehicle(),
                    new ru.osago.model.Person(bad, "Иван", bad, base.owner().birthDate()), false, base.drivers(), base.policyStart());
            assertThat(validator.validate(request).errors()).extracting(FieldError::field)
                    .containsExactlyInAnyOrder("owner.lastName", "owner.middleName");
        }
        QuoteRequest fine = new QuoteRequest("r-1", "u-1", base.vehicle(),
                new ru.osago.model.Person("Смит 🚗", "Ёлкин", "ʻOkina", base.owner().birthDate()), false, base.drivers(), base.policyStart());
        assertThat(validator.validate(fine).errors()).isEmpty();
    }

    @Test
    void thousandsOfDriversAreOneErrorNotOnePerDriver() {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        List<Driver> many = java.util.Collections.nCopies(5_000, new Driver(null, null, null, null, null, null));
        QuoteRequest request = new QuoteRequest("r-1", "u-1", base.vehicle(), base.owner(), false, many, base.policyStart());

        assertThat(validator.validate(request).errors()).containsExactly(new FieldError("drivers", "at most 5 drivers"));
    }

    @Test
    void datesAreJudgedByTheUtcDateOfTheInstantGivenWhateverTheClocksZone() {
        QuoteRequestValidator moscow = new QuoteRequestValidator(Clock.fixed(Instant.parse("2026-11-21T22:30:00Z"), java.time.ZoneId.of("Europe/Moscow")));
        // 01:30 on the 22nd in Moscow, 22:30 on the 21st in UTC: the 21st is today for both applications
        QuoteRequest startsToday = SampleRequests.valid("r-1", "u-1", TODAY.minusDays(1));

        assertThat(moscow.validate(startsToday).errors()).isEmpty();
        // the aggregator validates as of the instant core-app did, even after midnight has passed
        assertThat(moscow.validate(startsToday, Instant.parse("2026-11-21T23:59:59Z")).errors()).isEmpty();
        assertThat(moscow.validate(startsToday, Instant.parse("2026-11-22T00:00:01Z")).errors())
                .extracting(FieldError::field).containsExactly("policyStart");
    }

    private static QuoteRequest withVehicle(java.util.function.UnaryOperator<Vehicle> change) {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        return base.withVehicle(change.apply(base.vehicle()));
    }
}
