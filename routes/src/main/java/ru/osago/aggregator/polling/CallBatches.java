package ru.osago.aggregator.polling;

import ru.osago.aggregator.insurer.InsurerCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Splitter's expression: a claim's calls, one batch per insurer. */
public class CallBatches {

    /** The calls of one claim to one insurer. */
    public record CallBatch(String insurerId, List<InsurerCall> calls) {
    }

    public List<CallBatch> byInsurer(List<Map<String, Object>> claimed) {
        Map<String, List<InsurerCall>> byInsurer = new TreeMap<>();
        ClaimedCall rows = new ClaimedCall();
        for (Map<String, Object> row : claimed) {
            InsurerCall call = rows.toCall(row);
            byInsurer.computeIfAbsent(call.insurerId(), id -> new ArrayList<>()).add(call);
        }
        return byInsurer.entrySet().stream().map(e -> new CallBatch(e.getKey(), e.getValue())).toList();
    }
}
