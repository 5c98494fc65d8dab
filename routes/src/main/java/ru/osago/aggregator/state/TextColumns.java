package ru.osago.aggregator.state;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a batch as one text array per column, for the {@code unnest(cast(:x as text[]), …)}
 * statements in {@code sql/}: a whole batch goes to PostgreSQL as one statement with a fixed number of
 * parameters. Every value travels as text (instants in ISO-8601) and is cast back in the SQL.
 */
final class TextColumns {

    private final Map<String, List<String>> columns = new LinkedHashMap<>();

    TextColumns add(String column, Object value) {
        columns.computeIfAbsent(column, name -> new ArrayList<>()).add(text(value));
        return this;
    }

    /** The columns as array parameters, beside the batch's scalar parameters. */
    MapSqlParameterSource into(MapSqlParameterSource params) {
        columns.forEach((name, values) -> params.addValue(name, new SqlParameterValue(Types.ARRAY, values.toArray(String[]::new))));
        return params;
    }

    MapSqlParameterSource params() {
        return into(new MapSqlParameterSource());
    }

    static SqlParameterValue of(List<String> values) {
        return new SqlParameterValue(Types.ARRAY, values.toArray(String[]::new));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
}
