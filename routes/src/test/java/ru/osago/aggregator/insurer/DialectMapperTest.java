package ru.osago.aggregator.insurer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.osago.model.OsagoJson;
import ru.osago.model.SampleRequests;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dialects of the real insurer files, without HTTP. */
class DialectMapperTest {

    private final ObjectMapper json = OsagoJson.mapper();
    private final InsurerCatalog catalog = new InsurerCatalog(InsurerCatalog.load(Path.of("route-config-yaml", "insurers"), name -> null));

    @Test
    void standardDialectSendsOurApplicationAsItIs() throws Exception {
        JsonNode application = json.valueToTree(SampleRequests.valid("r-1", "u-1", LocalDate.of(2026, 11, 21)));

        assertThat(mapper("bereza").createBody(application)).isEqualTo(application);
        assertThat(mapper("bereza").offerPath("abc")).isEqualTo("/osago/applications/abc/offer");
    }

    @Test
    void v2DialectRenamesFieldsAndMapsEachDriver() throws Exception {
        JsonNode application = json.valueToTree(SampleRequests.valid("r-1", "u-1", LocalDate.of(2026, 11, 21)));

        JsonNode body = mapper("garant").createBody(application);

        assertThat(body.at("/car/vin").asText()).isEqualTo("XTA219010K0123456");
        assertThat(body.at("/car/enginePower").asInt()).isEqualTo(106);
        assertThat(body.at("/insurant/surname").asText()).isEqualTo("Иванов");
        assertThat(body.at("/drivers/0/license/number").asText()).isEqualTo("77 12 345678");
        assertThat(body.at("/multidrive").asBoolean()).isFalse();
        assertThat(body.at("/startDate").asText()).isEqualTo("2026-11-22");
        assertThat(body.has("vehicle")).isFalse();
    }

    @Test
    void v2PriceInKopecksBecomesRoubles() throws Exception {
        InsurerReply reply = mapper("garant").offerReply(json.readTree("""
                {"quoteId": "q-1", "state": "READY", "priceKopecks": 812345, "expiresAt": "2026-11-24T10:00:00Z"}"""), null);

        assertThat(reply.kind()).isEqualTo(InsurerReply.Kind.OFFER);
        assertThat(reply.offer().premium()).isEqualTo(new BigDecimal("8123.45"));
        assertThat(reply.offer().currency()).isEqualTo("RUB");
        assertThat(reply.offer().offerId()).isEqualTo("q-1");
    }

    @Test
    void statusValuesOfEachDialectMeanPendingAndDeclined() throws Exception {
        assertThat(mapper("garant").offerReply(json.readTree("{\"state\":\"PROCESSING\"}"), null).kind())
                .isEqualTo(InsurerReply.Kind.PENDING);
        InsurerReply declined = mapper("bereza").offerReply(json.readTree("{\"status\":\"DECLINED\",\"reason\":\"too risky\"}"), null);
        assertThat(declined.kind()).isEqualTo(InsurerReply.Kind.DECLINED);
        assertThat(declined.reason()).isEqualTo("too risky");
        assertThat(mapper("bereza").offerReply(json.readTree("{\"status\":\"PENDING\"}"), Duration.ofSeconds(3)).retryAfter())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void unknownStatusOrMissingPremiumIsAProtocolError() throws Exception {
        assertThatThrownBy(() -> mapper("bereza").offerReply(json.readTree("{\"status\":\"MAYBE\"}"), null))
                .isInstanceOf(InsurerProtocolException.class).hasMessageContaining("MAYBE");
        assertThatThrownBy(() -> mapper("bereza").offerReply(json.readTree("{\"status\":\"OFFER\"}"), null))
                .isInstanceOf(InsurerProtocolException.class).hasMessageContaining("/premium");
        assertThatThrownBy(() -> mapper("garant").externalId(json.readTree("{\"applicationId\":\"x\"}")))
                .isInstanceOf(InsurerProtocolException.class).hasMessageContaining("/quoteId");
    }

    private DialectMapper mapper(String insurerId) {
        return new DialectMapper(catalog.settings(insurerId).api());
    }
}
