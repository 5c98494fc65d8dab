package ru.osago.aggregator.support;

import com.fasterxml.jackson.databind.JsonNode;
import ru.osago.stubs.StubStats;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for every request whatever happened to the instances: the rules the README lists under "How the aggregator works". */
public final class QuoteAssertions {

    /** The insurers of route-config-yaml/insurers/, each simulated by a stub. */
    public static final List<String> INSURERS = List.of("bereza", "volga", "garant", "dobrynya", "enisey");

    private QuoteAssertions() {
    }

    /**
     * One COMPLETED, last; one final event per insurer; sequence numbers without gaps. A message may
     * reach the broker twice when an instance dies between the send and its database commit: such a
     * repeat carries the same eventId (core-app stores each eventId once), so events are compared by
     * eventId, and the repeats are returned for the report.
     */
    public static int assertCompleteAndConsistent(String requestId, List<JsonNode> received, int insurers) {
        Map<String, JsonNode> distinct = new LinkedHashMap<>();
        received.forEach(e -> distinct.putIfAbsent(e.path("eventId").asText(), e));
        List<JsonNode> events = new ArrayList<>(distinct.values());
        assertThat(events).as(requestId).filteredOn(e -> e.path("type").asText().equals("COMPLETED")).hasSize(1);
        assertThat(events.get(events.size() - 1).path("type").asText()).as(requestId + ": last event").isEqualTo("COMPLETED");
        Map<String, List<String>> finals = events.stream().filter(e -> e.has("insurer"))
                .collect(Collectors.groupingBy(e -> e.path("insurer").asText(),
                        Collectors.mapping(e -> e.path("type").asText(), Collectors.toList())));
        assertThat(finals).as(requestId + ": one final event per insurer").hasSize(insurers)
                .allSatisfy((insurer, types) -> assertThat(types).as(insurer).hasSize(1));
        List<Long> seqs = events.stream().map(e -> e.path("seq").asLong()).sorted().toList();
        assertThat(seqs).as(requestId + ": sequence numbers").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        return received.size() - events.size();
    }

    public static Map<String, StubStats> stubStats() {
        return TestInsurers.stubs().stats().stream().collect(Collectors.toMap(StubStats::id, s -> s));
    }

    /** Rows of a query in the given schema, as maps. */
    public static List<Map<String, Object>> query(String schema, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.URL + "?currentSchema=" + schema, "postgres", "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
