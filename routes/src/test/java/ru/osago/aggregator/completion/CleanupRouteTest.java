package ru.osago.aggregator.completion;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.state.RequestRegistry;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.RouteTimers;
import ru.osago.aggregator.support.StateTable;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention on the real state table: a request completed longer ago than osago.cleanup.retention goes,
 * with its insurer rows and its audit rows (which no foreign key cascades); a newer one and an open one stay.
 * The timers are switched off: each test runs the cleanup once, by hand.
 */
@CamelSpringBootTest
@SpringBootTest(properties = "osago.cleanup.retention=24h")
@UseAdviceWith
@DirtiesContext
class CleanupRouteTest extends AggregatorTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    RequestRegistry registry;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void switchOffTheTimersOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        RouteTimers.switchOff(camel, "offer-poller", "completion", "cleanup");
        camel.start();
    }

    @Test
    void requestCompletedBeforeTheRetentionGoesWithItsInsurerAndAuditRowsAndNewerOnesStay() {
        String expired = completedHoursAgo(25);
        String recent = completedHoursAgo(23);
        String open = StateTable.register(registry, "user-cleanup", Duration.ofSeconds(60), Duration.ofHours(1)).requestId();
        for (String requestId : new String[] {expired, recent, open}) {
            addAuditRow(requestId);
        }

        producer.sendBody("direct:cleanup", null);

        assertThat(rows("quote_request", expired)).isZero();
        assertThat(rows("insurer_quote", expired)).isZero();
        assertThat(rows("insurer_exchange", expired)).isZero();
        for (String kept : new String[] {recent, open}) {
            assertThat(rows("quote_request", kept)).isEqualTo(1);
            assertThat(rows("insurer_quote", kept)).isEqualTo(5);
            assertThat(rows("insurer_exchange", kept)).isEqualTo(1);
        }
    }

    private String completedHoursAgo(int hours) {
        String requestId = StateTable.register(registry, "user-cleanup", Duration.ofSeconds(60), Duration.ofHours(1)).requestId();
        jdbc.update("""
                update quote_request set status = 'COMPLETED', completed_at = now() - make_interval(hours => ?)
                where request_id = ?""", hours, requestId);
        jdbc.update("update insurer_quote set status = 'TIMEOUT' where request_id = ?", requestId);
        return requestId;
    }

    private void addAuditRow(String requestId) {
        jdbc.update("""
                insert into insurer_exchange (request_id, insurer_id, operation, attempt, outcome, started_at, duration_ms)
                values (?, 'bereza', 'CREATE', 1, 'CREATED', now(), 12)""", requestId);
    }

    private int rows(String table, String requestId) {
        return jdbc.queryForObject("select count(*) from " + table + " where request_id = ?", Integer.class, requestId);
    }
}
