package ru.osago.stubs;

import ru.osago.model.Driver;
import ru.osago.model.QuoteRequest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OSAGO-like premium: the insurer's base rate times the power, driver and region coefficients.
 * Close enough to the regulator's tariff that prices look plausible; not the real tariff.
 */
final class PremiumCalculator {

    /** Unlimited drivers (and, by the same logic, no named driver) cost the maximum driver coefficient. */
    static final double UNLIMITED_DRIVERS = 1.87;

    private static final Pattern REGION = Pattern.compile("^\\D\\d{3}\\D{2}(\\d{2,3})$");
    private static final Set<String> MOSCOW = Set.of("77", "97", "99", "177", "197", "199", "777", "797", "799");
    private static final Set<String> ST_PETERSBURG = Set.of("78", "98", "178");

    private PremiumCalculator() {
    }

    /** Rounded to kopecks. {@code factor} is the insurer's per-application spread (1.0 for none). */
    static BigDecimal premiumRub(QuoteRequest request, double baseRub, double factor) {
        LocalDate on = request.policyStart() != null ? request.policyStart() : LocalDate.now();
        double premium = baseRub
                * powerCoefficient(request.vehicle().powerHp())
                * driverCoefficient(request, on)
                * regionCoefficient(request.vehicle().plate())
                * factor;
        return BigDecimal.valueOf(premium).setScale(2, RoundingMode.HALF_UP);
    }

    static double powerCoefficient(int powerHp) {
        if (powerHp <= 50) {
            return 0.6;
        }
        if (powerHp <= 70) {
            return 1.0;
        }
        if (powerHp <= 100) {
            return 1.1;
        }
        if (powerHp <= 120) {
            return 1.2;
        }
        if (powerHp <= 150) {
            return 1.4;
        }
        return 1.6;
    }

    /** The riskiest named driver sets the coefficient: that is the youngest, least experienced one. */
    static double driverCoefficient(QuoteRequest request, LocalDate on) {
        if (request.unlimitedDrivers() || request.drivers().isEmpty()) {
            return UNLIMITED_DRIVERS;
        }
        double worst = 0;
        for (Driver driver : request.drivers()) {
            worst = Math.max(worst, driverCoefficient(driver, on));
        }
        return worst;
    }

    private static double driverCoefficient(Driver driver, LocalDate on) {
        boolean young = driver.birthDate() == null || Period.between(driver.birthDate(), on).getYears() < 22;
        boolean novice = driver.licenceIssued() == null || Period.between(driver.licenceIssued(), on).getYears() < 3;
        if (young && novice) {
            return 1.8;
        }
        if (novice) {
            return 1.7;
        }
        if (young) {
            return 1.6;
        }
        return 1.0;
    }

    static double regionCoefficient(String plate) {
        Matcher matcher = plate == null ? null : REGION.matcher(plate.replaceAll("\\s+", ""));
        if (matcher == null || !matcher.matches()) {
            return 1.2;
        }
        String region = matcher.group(1);
        if (MOSCOW.contains(region)) {
            return 1.8;
        }
        return ST_PETERSBURG.contains(region) ? 1.64 : 1.2;
    }
}
