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

    private static QuoteRequest withVehicle(java.util.function.UnaryOperator<Vehicle> change) {
        QuoteRequest base = SampleRequests.valid("r-1", "u-1", TODAY);
        return base.withVehicle(change.apply(base.vehicle()));
    }
}
