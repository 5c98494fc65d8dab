package ru.osago.core.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import ru.osago.model.FieldError;
import ru.osago.model.OsagoJson;
import ru.osago.model.QuoteRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonErrorsTest {

    private static FieldError errorFor(String json) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> OsagoJson.mapper().readValue(json, QuoteRequest.class));
        return JsonErrors.toFieldError(e);
    }

    @Test
    void badDateInADriverNamesTheDriversField() {
        FieldError error = errorFor("{\"drivers\":[{\"birthDate\":\"1985-13-45\"}]}");

        assertThat(error.field()).isEqualTo("drivers[0].birthDate");
        assertThat(error.message()).contains("YYYY-MM-DD");
    }

    @Test
    void textWhereANumberBelongsNamesTheVehicleField() {
        assertThat(errorFor("{\"vehicle\":{\"year\":\"old\"}}").field()).isEqualTo("vehicle.year");
    }

    @Test
    void malformedJsonIsReportedForTheWholeBody() {
        FieldError error = errorFor("{\"vehicle\": ");

        assertThat(error.field()).isEmpty();
        assertThat(error.message()).isEqualTo("is not valid JSON");
    }
}
