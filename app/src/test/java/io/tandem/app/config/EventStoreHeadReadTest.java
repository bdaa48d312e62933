package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiTestBase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The event store's read that follows the head (the one that ends at a short batch, {@link HeadTailingReads}) gives
 * the events Axon's own read gives, in the same order, in either storage mode (this class runs in the split-store
 * run too).
 */
class EventStoreHeadReadTest extends ApiTestBase {

    @Autowired
    EventStorageEngine engine;

    @Test
    void theHeadsReadGivesWhatAxonsReadGives() {
        TestUser owner = register("Head Owner");
        UUID workspaceId = createWorkspace(owner, "Head");
        String task = createTask(owner, workspaceId, Map.of()).get("id").asString();
        createTask(owner, workspaceId, Map.of());
        TrackingToken before = engine.readEvents(null, false)
                .takeWhile(event -> !(event instanceof DomainEventMessage<?> domain && task.equals(domain.getAggregateIdentifier())))
                .reduce((a, b) -> b).orElseThrow().trackingToken();

        // The producer's read (mayBlock) ends at a short batch, the consumers' private read at an empty one.
        List<String> head = engine.readEvents(before, true).map(event -> event.getIdentifier()).toList();
        List<String> axons = engine.readEvents(before, false).map(event -> event.getIdentifier()).toList();
        assertThat(head).hasSizeGreaterThanOrEqualTo(2).isEqualTo(axons);
    }
}
