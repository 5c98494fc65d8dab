package ru.osago.aggregator.polling;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;
import ru.osago.aggregator.insurer.CallBatch;
import ru.osago.aggregator.insurer.InsurerCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Splitter's expression: a claim's calls, one batch per insurer; and where the Recipient List sends each. */
public class CallBatches {

    /** The insurer route of a batch, {@code direct:insurer-<id>}. */
    static final Expression INSURER_ROUTE = new ExpressionAdapter() {
        @Override
        public Object evaluate(Exchange exchange) {
            return "direct:insurer-" + exchange.getMessage().getBody(CallBatch.class).insurerId();
        }
    };

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
