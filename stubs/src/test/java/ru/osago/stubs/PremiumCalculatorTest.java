package ru.osago.stubs;

import org.junit.jupiter.api.Test;
import ru.osago.model.Driver;
import ru.osago.model.QuoteRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PremiumCalculatorTest {

    @Test
    void regionComesFromThePlatesRegionCode() {
        assertThat(PremiumCalculator.regionCoefficient("А123ВС77")).isEqualTo(1.8);
        assertThat(PremiumCalculator.regionCoefficient("А123ВС799")).isEqualTo(1.8);
        assertThat(PremiumCalculator.regionCoefficient("А123ВС178")).isEqualTo(1.64);
        assertThat(PremiumCalculator.regionCoefficient("А123ВС54")).isEqualTo(1.2);
        assertThat(PremiumCalculator.regionCoefficient(null)).isEqualTo(1.2);
    }

    @Test
    void sampleRequestIsPricedFromItsCoefficients() {
        QuoteRequest request = StubClient.sampleRequest();

        BigDecimal premium = PremiumCalculator.premiumRub(request, 4500, 1.0);

        // 106 hp → 1.2; experienced driver over 22 → 1.0; Moscow plate → 1.8
        assertThat(premium).isEqualByComparingTo("9720.00");
    }

    @Test
    void unlimitedDriversCostTheMaximumDriverCoefficient() {
        QuoteRequest unlimited = new QuoteRequest("r", "u", StubClient.sampleRequest().vehicle(), null, true,
                List.of(), LocalDate.of(2026, 3, 1));

        assertThat(PremiumCalculator.driverCoefficient(unlimited, LocalDate.of(2026, 3, 1))).isEqualTo(1.87);
    }

    @Test
    void youngestLeastExperiencedDriverSetsTheCoefficient() {
        LocalDate on = LocalDate.of(2026, 3, 1);
        Driver seasoned = new Driver("А", "Б", "В", LocalDate.of(1980, 1, 1), "77 12 345678", LocalDate.of(2000, 1, 1));
        Driver novice = new Driver("Г", "Д", "Е", LocalDate.of(2006, 1, 1), "77 12 345679", LocalDate.of(2025, 1, 1));
        QuoteRequest request = new QuoteRequest("r", "u", StubClient.sampleRequest().vehicle(), null, false,
                List.of(seasoned, novice), on);

        assertThat(PremiumCalculator.driverCoefficient(request, on)).isEqualTo(1.8);
    }
}
