package ru.osago.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;
import ru.osago.model.SampleRequests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataMaskerTest {

    private static final QuoteRequest REQUEST = SampleRequests.valid("req-1", "user-1", LocalDate.of(2026, 11, 21));

    @Test
    void aRequestLoggedAsJsonKeepsNoNameLicenceVinPlateOrBirthDate() throws Exception {
        String json = OsagoJson.mapper().writeValueAsString(REQUEST);

        String masked = PersonalDataMasker.mask(json);

        assertThat(masked).doesNotContain("Иванов", "Иван\"", "Иванович", "77 12 345678", "XTA219010K0123456",
                "А123ВС77", "1985-04-12");
        // what support needs to find the request stays
        assertThat(masked).contains("req-1", "user-1", "LADA", "Vesta", "\"lastName\":\"***\"", "\"vin\":\"***\"");
        assertThat(new ObjectMapper().readTree(masked).path("vehicle").path("year").asInt()).isEqualTo(2019);
    }

    @Test
    void recordToStringAndAnInsurerDialectAreMaskedToo() {
        String dialect = "{\"insurant\":{\"surname\":\"Петров\",\"name\":\"Пётр\",\"birthday\":\"1990-01-02\"},"
                + "\"drivers\":[{\"license\":{\"number\":\"7712345678\"}}],\"car\":{\"regNumber\":\"B456KX199\"}}";

        assertThat(PersonalDataMasker.mask(REQUEST.owner().toString()))
                .isEqualTo("Person[lastName=***, firstName=***, middleName=***, birthDate=***]");
        assertThat(PersonalDataMasker.mask(dialect)).doesNotContain("Петров", "Пётр", "1990-01-02", "7712345678", "B456KX199");
    }

    @Test
    void textWithoutPersonalDataIsLeftAlone() {
        String line = "3f2a9c1e-0b7d-4c55-9a0e-5f1d2c3b4a59 bereza POLL attempt 3: PENDING after 1500 ms, HTTP 429,"
                + " schema osago_test_1763700000_bbf91dda";

        assertThat(PersonalDataMasker.mask(line)).isEqualTo(line);
    }

    @Test
    void theLogbackConvertersMaskMessagesAndStackTraces() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream("""
                <configuration>
                  <conversionRule conversionWord="msg" class="ru.osago.logging.MaskingMessageConverter"/>
                  <conversionRule conversionWord="maskedEx" class="ru.osago.logging.MaskingThrowableConverter"/>
                  <appender name="OUT" class="ch.qos.logback.core.OutputStreamAppender">
                    <encoder><pattern>%msg%maskedEx%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>""".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var appender = (ch.qos.logback.core.OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT");
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("test");

        logger.info("request {} for VIN {}", "req-1", "XTA219010K0123456");
        logger.error("cannot map", new IllegalArgumentException("bad driver " + REQUEST.drivers().get(0)));
        context.stop();

        String logged = out.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("request req-1 for VIN XTA***", "IllegalArgumentException: bad driver Driver[lastName=***",
                "licenceNumber=***");
        assertThat(logged).doesNotContain("XTA219010K0123456", "Иванов", "77 12 345678");
    }

    /**
     * The StackOverflowError seen in the intake consumer: a request body with a long name was logged, and the
     * JSON rule recursed once per character of the value. Every rule now scans a value of any length.
     */
    @Test
    void aHundredThousandCharacterValueOfEveryMaskedShapeIsMaskedWithoutOverflowingTheStack() {
        String longText = "Я".repeat(100_000);
        String longEscapes = "\\\"".repeat(50_000);
        String json = "{\"lastName\":\"" + longText + "\",\"firstName\":\"" + longEscapes + "\",\"vin\":\"" + "A".repeat(100_000)
                + "\",\"plate\":\"" + "А123ВС77 ".repeat(12_000) + "\",\"licenceNumber\":\"" + "7".repeat(100_000) + "\"}";
        String unterminated = "{\"lastName\":\"" + "\\n".repeat(100_000);
        String record = "Person[lastName=" + longText + ", firstName=" + "x ".repeat(50_000) + "]";

        assertThat(PersonalDataMasker.mask(json)).contains("\"lastName\":\"***\"", "\"firstName\":\"***\"")
                .doesNotContain("ЯЯЯ");
        assertThat(PersonalDataMasker.mask(unterminated)).hasSize(unterminated.length());
        assertThat(PersonalDataMasker.mask(record)).startsWith("Person[lastName=***, firstName=***");
        assertThat(PersonalDataMasker.mask("А123ВС77 ".repeat(12_000))).doesNotContain("А123ВС77");
        assertThat(PersonalDataMasker.mask("7712345678 ".repeat(10_000))).doesNotContain("7712345678");
    }
}
