package ru.osago.aggregator.operator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.insurer.InsurerCatalog;
import ru.osago.aggregator.insurer.InsurerResilience;
import ru.osago.aggregator.insurer.InsurerSettings;
import ru.osago.model.InsurerRef;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This instance's copy of the operators' switches ({@code insurer_control}), refreshed by the insurer-control
 * route: which insurers are switched off (no calls, not listed for new requests) and whose breakers are forced
 * open. Read on the hot path from a volatile field, so asking costs no database round trip.
 */
@Component
public class InsurerControl {

    private static final Logger LOG = LoggerFactory.getLogger(InsurerControl.class);

    private final InsurerCatalog catalog;
    private final InsurerResilience resilience;
    private volatile Set<String> disabled = Set.of();

    InsurerControl(InsurerCatalog catalog, InsurerResilience resilience) {
        this.catalog = catalog;
        this.resilience = resilience;
    }

    public boolean enabled(String insurerId) {
        return !disabled.contains(insurerId);
    }

    /**
     * The insurers a new request asks: those of the files, less any an operator switched off. Never none: the API
     * refuses to switch off the last one, and should two operators race past that, the files' list is asked.
     */
    public List<InsurerRef> active(List<InsurerRef> fromFiles) {
        Set<String> off = disabled;
        if (off.isEmpty()) {
            return fromFiles;
        }
        List<InsurerRef> active = fromFiles.stream().filter(ref -> !off.contains(ref.id())).toList();
        return active.isEmpty() ? fromFiles : active;
    }

    /**
     * Obeys the table's rows: remembers the switched-off insurers and moves each breaker to forced open, or out of
     * it when released (closed: the breaker then counts afresh). A breaker the files gave no route is left alone.
     */
    public void apply(List<Map<String, Object>> rows) {
        Set<String> off = rows.stream().filter(row -> !Boolean.TRUE.equals(row.get("enabled")))
                .map(row -> (String) row.get("insurer_id")).collect(Collectors.toUnmodifiableSet());
        if (!off.equals(disabled)) {
            LOG.info("Insurers switched off by operators: {}", off.isEmpty() ? "none" : off);
        }
        disabled = off;
        Set<String> forced = rows.stream().filter(row -> Boolean.TRUE.equals(row.get("breaker_forced_open")))
                .map(row -> (String) row.get("insurer_id")).collect(Collectors.toUnmodifiableSet());
        for (InsurerSettings insurer : catalog.enabledSettings()) {
            CircuitBreaker breaker = resilience.breaker(insurer.id());
            boolean isForced = breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
            if (forced.contains(insurer.id()) && !isForced) {
                breaker.transitionToForcedOpenState();
                LOG.info("Breaker of insurer {} forced open by an operator", insurer.id());
            } else if (!forced.contains(insurer.id()) && isForced) {
                breaker.transitionToClosedState();
                LOG.info("Breaker of insurer {} released by an operator", insurer.id());
            }
        }
    }
}
