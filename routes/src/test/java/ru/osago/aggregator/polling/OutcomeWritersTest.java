package ru.osago.aggregator.polling;

import org.junit.jupiter.api.Test;
import ru.osago.aggregator.insurer.CallOutcome;
import ru.osago.aggregator.insurer.InsurerCall;
import ru.osago.aggregator.insurer.InsurerReply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeWritersTest {

    private static final List<String> INSURERS = List.of("bereza", "volga", "garant", "dobrynya", "enisey");

    @Test
    void eachRequestsOutcomesGoToOneWriterAndNoOutcomeIsDroppedOrRepeated() {
        List<CallOutcome> batch = everyInsurerOf(200);

        List<List<CallOutcome>> parts = new OutcomeWriters(3, 100).byRequest(batch);

        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part).isNotEmpty());
        assertThat(parts.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(batch);
        for (int i = 0; i < parts.size(); i++) {
            Set<String> mine = requestsOf(parts.get(i));
            for (int j = i + 1; j < parts.size(); j++) {
                assertThat(requestsOf(parts.get(j))).doesNotContainAnyElementsOf(mine);
            }
        }
    }

    @Test
    void oneWriterTakesTheWholeBatchAndEmptyPartsAreLeftOut() {
        List<CallOutcome> batch = INSURERS.stream().map(insurer -> outcome("only-request", insurer)).toList();

        assertThat(new OutcomeWriters(1, 1).byRequest(batch)).containsExactly(batch);
        assertThat(new OutcomeWriters(4, 1).byRequest(batch)).containsExactly(batch);
    }

    /** A part costs about ten statements whatever its size: small batches are not spread over every writer. */
    @Test
    void aBatchIsDividedOnlyIntoPartsOfAtLeastTheMinimum() {
        List<CallOutcome> batch = everyInsurerOf(20);

        assertThat(new OutcomeWriters(4, 101).byRequest(batch)).containsExactly(batch);
        assertThat(new OutcomeWriters(4, 50).byRequest(batch)).hasSize(2);
        assertThat(new OutcomeWriters(4, 10).byRequest(batch)).hasSize(4);
    }

    /** One outcome per insurer for each of that many requests. */
    private static List<CallOutcome> everyInsurerOf(int requests) {
        List<CallOutcome> batch = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            for (String insurer : INSURERS) {
                batch.add(outcome("request-" + r, insurer));
            }
        }
        return batch;
    }

    private static Set<String> requestsOf(List<CallOutcome> part) {
        return part.stream().map(o -> o.call().requestId()).collect(Collectors.toSet());
    }

    private static CallOutcome outcome(String requestId, String insurerId) {
        InsurerCall call = new InsurerCall(requestId, insurerId, InsurerCall.Operation.POLL, "ext", null, 1, 0, Instant.now());
        return new CallOutcome(call, InsurerReply.pending(null), null, Instant.now());
    }
}
