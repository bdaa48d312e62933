package io.tandem.app.analytics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.WorkspaceScoped;
import io.tandem.projection.PerBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Evicts a workspace's cached analytics after each of its events, once the analytics read model's transaction for
 * that event has committed. Freshness does not depend on it (the stamps decide that); it keeps Redis from holding
 * answers nobody can use. Not on replay: a replay rebuilds read models, not live cache entries.
 *
 * <p>The processor handles events in batches (one transaction each), so the workspaces a batch touched are collected
 * and each is evicted once after the batch commits.
 */
@Component
@ProcessingGroup(ProcessingGroups.ANALYTICS)
@DisallowReplay
class AnalyticsCacheEviction {

    private final AnalyticsCache cache;

    AnalyticsCacheEviction(AnalyticsCache cache) {
        this.cache = cache;
    }

    private static final String TOUCHED = AnalyticsCacheEviction.class.getName() + ".touched";

    @EventHandler
    void on(WorkspaceScoped event, UnitOfWork<?> unitOfWork) {
        Set<UUID> touched = PerBatch.gather(unitOfWork, TOUCHED, LinkedHashSet::new,
                (batch, workspaces) -> batch.afterCommit(done -> workspaces.forEach(cache::evict)));
        touched.add(event.workspaceId());
    }
}
