package ru.osago.aggregator.state;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.osago.model.OsagoJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPacksTest {

    private final EventPacks packs = new EventPacks(8, 4);

    @Test
    void everyEventGoesOnceInRequestOrderAndARequestsEventsShareOneGroup() {
        List<OutboundEvent> events = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            for (int request = 0; request < 20; request++) {
                events.add(event("request-" + request, seq));
            }
        }

        List<EventPacks.Pack> packed = packs.pack(events);

        assertThat(packed).allSatisfy(pack -> assertThat(pack.events()).hasSizeBetween(1, 8));
        assertThat(packed.stream().flatMap(pack -> pack.events().stream())).containsExactlyInAnyOrderElementsOf(events);
        Map<String, List<String>> groupsOfRequest = packed.stream().flatMap(pack -> pack.events().stream()
                        .map(event -> Map.entry(event.requestId(), pack.groupId())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(groupsOfRequest.values()).allSatisfy(groups -> assertThat(groups).containsOnly(groups.get(0)));
        assertThat(groupsOfRequest.values().stream().map(groups -> groups.get(0)).distinct()).hasSizeBetween(2, 4);
        List<String> request7 = packed.stream().flatMap(pack -> pack.events().stream())
                .filter(event -> event.requestId().equals("request-7")).map(OutboundEvent::eventId).toList();
        assertThat(request7).containsExactly("request-7/1", "request-7/2", "request-7/3", "request-7/4", "request-7/5");
        // a group's events fill its messages before a new one starts: 100 events in 4 groups need at most 4 + 100 / 8
        assertThat(packed).hasSizeLessThanOrEqualTo(4 + 100 / 8);
    }

    @Test
    void aPackIsTheJsonArrayOfItsEvents() throws Exception {
        List<EventPacks.Pack> packed = packs.pack(List.of(event("r", 1), event("r", 2)));

        assertThat(packed).hasSize(1);
        JsonNode array = OsagoJson.mapper().readTree(packed.get(0).json());
        assertThat(array.isArray()).isTrue();
        assertThat(array).extracting(node -> node.path("eventId").asText()).containsExactly("r/1", "r/2");
    }

    @Test
    void nothingToSendIsNoMessage() {
        assertThat(packs.pack(List.of())).isEmpty();
    }

    @Test
    void packingNeedsAtLeastOneEventPerMessageAndOneGroup() {
        assertThatThrownBy(() -> new EventPacks(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventPacks(8, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OutboundEvent event(String requestId, int seq) {
        String eventId = requestId + "/" + seq;
        return new OutboundEvent(eventId, requestId, "OFFER", "{\"eventId\":\"" + eventId + "\",\"requestId\":\"" + requestId + "\"}");
    }
}
