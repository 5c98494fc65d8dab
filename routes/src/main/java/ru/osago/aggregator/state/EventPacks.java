package ru.osago.aggregator.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a batch's events into few rs.queue messages: the broker's cost is mostly per message, not per byte
 * (bench/broker-batch-probe.sh measured 150 µs an event sent one to a message, 69 µs eight to a message).
 * A message's body is a JSON array of events. Its {@code JMSXGroupID} is one of {@code groups} hash groups of
 * the request id, so all of one request's events go to one group, and the broker hands a group's messages to
 * one consumer in the order sent; events keep their batch order inside a group.
 */
final class EventPacks {

    /** One message: its group, its JSON array, and the events in it. */
    record Pack(String groupId, String json, List<OutboundEvent> events) {
    }

    private final int perMessage;
    private final int groups;

    EventPacks(int perMessage, int groups) {
        if (perMessage < 1 || groups < 1) {
            throw new IllegalArgumentException("events per message and groups must be at least 1, not " + perMessage + " and " + groups);
        }
        this.perMessage = perMessage;
        this.groups = groups;
    }

    List<Pack> pack(List<OutboundEvent> events) {
        Map<Integer, List<OutboundEvent>> byGroup = new LinkedHashMap<>();
        for (OutboundEvent event : events) {
            byGroup.computeIfAbsent(group(event.requestId()), g -> new ArrayList<>()).add(event);
        }
        List<Pack> packs = new ArrayList<>();
        byGroup.forEach((group, grouped) -> {
            for (int from = 0; from < grouped.size(); from += perMessage) {
                List<OutboundEvent> part = grouped.subList(from, Math.min(grouped.size(), from + perMessage));
                packs.add(new Pack("events-" + group, jsonArray(part), List.copyOf(part)));
            }
        });
        return packs;
    }

    private int group(String requestId) {
        return Math.floorMod(requestId.hashCode(), groups);
    }

    /** The events' JSON as one array, in their order: a message's body, and an outbox row. */
    static String jsonArray(List<OutboundEvent> events) {
        StringBuilder array = new StringBuilder(events.size() * 400).append('[');
        for (int i = 0; i < events.size(); i++) {
            array.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return array.append(']').toString();
    }
}
