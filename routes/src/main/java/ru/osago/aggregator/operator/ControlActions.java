package ru.osago.aggregator.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.InsurerSettings;
import ru.osago.model.FieldError;
import ru.osago.model.OsagoJson;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An operator's control action: switch an insurer off or on, force its breaker open or release it. The switch is
 * stored in {@code insurer_control} and the action in {@code operator_action} (who, when, why, what) in one
 * transaction; every instance obeys within {@code osago.operator.control-period-ms} ({@link InsurerControl}).
 */
@Component
class ControlActions {

    private static final Logger LOG = LoggerFactory.getLogger(ControlActions.class);

    /** The HTTP status and body of an action's answer. */
    record Reply(int status, Object body) {
    }

    enum Action {
        DISABLE("disable", "enabled", false), ENABLE("enable", "enabled", true),
        BREAKER_OPEN("breaker-open", "breaker_forced_open", true), BREAKER_RELEASE("breaker-release", "breaker_forced_open", false);

        final String name;
        final String column;
        final boolean value;

        Action(String name, String column, boolean value) {
            this.name = name;
            this.column = column;
            this.value = value;
        }

        static Action of(String name) {
            for (Action action : values()) {
                if (action.name.equals(name)) {
                    return action;
                }
            }
            return null;
        }
    }

    record Applied(String insurer, String action, String operator, Instant at, String reason, String note) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final InsurerCatalog catalog;
    private final AggregatorProperties.Operator settings;
    private final Clock clock;
    private final ObjectMapper json = OsagoJson.mapper();

    ControlActions(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, InsurerCatalog catalog,
                   AggregatorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.catalog = catalog;
        this.settings = properties.operator();
        this.clock = clock;
    }

    /**
     * {@code action}: disable, enable, breaker-open or breaker-release; {@code operator}: the authenticated name. Only a
     * JSON body is taken: a cross-site form cannot send one with a browser's stored credentials.
     */
    public Reply act(String insurerId, String actionName, String contentType, String body, String operator) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return new Reply(415, Map.of("errors", List.of(new FieldError("Content-Type", "must be application/json"))));
        }
        Action action = Action.of(actionName);
        if (action == null) {
            return new Reply(404, Map.of("error", "no such action: " + actionName));
        }
        boolean routed = catalog.enabledSettings().stream().map(InsurerSettings::id).anyMatch(id -> id.equals(insurerId));
        if (!routed) {
            return new Reply(404, Map.of("error", "no insurer " + insurerId + " enabled in the insurer files"));
        }
        List<FieldError> errors = new ArrayList<>();
        String reason = reason(body, errors);
        if (!errors.isEmpty()) {
            return new Reply(400, Map.of("errors", errors));
        }
        Instant now = clock.instant();
        Reply refused = tx.execute(status -> {
            // one action at a time across instances, so "not the last insurer" holds
            jdbc.getJdbcTemplate().execute("lock table insurer_control in share row exclusive mode");
            if (action == Action.DISABLE && lastActive(insurerId)) {
                return new Reply(409, Map.of("error", insurerId + " is the last insurer that gets traffic: switch another on first"));
            }
            MapSqlParameterSource params = new MapSqlParameterSource().addValue("insurer", insurerId)
                    .addValue("value", action.value).addValue("at", Timestamp.from(now)).addValue("operator", operator)
                    .addValue("action", action.name).addValue("reason", reason);
            jdbc.update("insert into insurer_control (insurer_id, " + action.column + ", updated_at, updated_by)"
                    + " values (:insurer, :value, :at, :operator) on conflict (insurer_id) do update set "
                    + action.column + " = excluded." + action.column + ", updated_at = excluded.updated_at,"
                    + " updated_by = excluded.updated_by", params);
            jdbc.update("insert into operator_action (at, operator, insurer_id, action, reason)"
                    + " values (:at, :operator, :insurer, :action, :reason)", params);
            return null;
        });
        if (refused != null) {
            return refused;
        }
        LOG.info("Operator {} did {} on insurer {}: {}", operator, action.name, insurerId, reason);
        return new Reply(200, new Applied(insurerId, action.name, operator, now, reason,
                "every instance obeys within " + settings.controlPeriodMs() + " ms"));
    }

    private boolean lastActive(String insurerId) {
        List<String> off = jdbc.queryForList("select insurer_id from insurer_control where not enabled", Map.of(), String.class);
        return catalog.enabledSettings().stream().map(InsurerSettings::id)
                .filter(id -> !off.contains(id) && !id.equals(insurerId)).findAny().isEmpty();
    }

    private String reason(String body, List<FieldError> errors) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            errors.add(new FieldError("", "is not valid JSON"));
            return null;
        }
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("", "must be a JSON object with a reason"));
            return null;
        }
        JsonNode reason = node.get("reason");
        if (reason == null || reason.isNull() || (reason.isTextual() && reason.asText().isBlank())) {
            errors.add(new FieldError("reason", "is required: say why"));
        } else if (!reason.isTextual()) {
            errors.add(new FieldError("reason", "must be text"));
        } else if (reason.asText().length() > settings.maxReasonChars()) {
            errors.add(new FieldError("reason", "must be at most " + settings.maxReasonChars() + " characters"));
        } else {
            return reason.asText().strip();
        }
        return null;
    }
}
