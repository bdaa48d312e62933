package io.tandem.api.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which events an audit read wants; a null component does not filter. {@code from} is inclusive, {@code to}
 * exclusive; {@code eventTypes} are simple names such as {@code TaskCreatedEvent}, any of which matches.
 */
public record HistoryFilter(UUID workspaceId, Instant from, Instant to, List<String> eventTypes, UUID userId,
                            String aggregateId) {

    public HistoryFilter {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
    }
}
