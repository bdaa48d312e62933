package io.tandem.app.web.sync;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Purges a deleted workspace's held conflicts. A processing group of its own, so that its durable token makes the
 * purge happen once the deletion is committed even across a crash, and so that, on the first start after it was
 * added, it goes through the whole history and purges the conflicts of workspaces deleted before. Deleting is
 * idempotent and a deleted workspace stays deleted, so replays are harmless.
 */
@Component
@ProcessingGroup(ProcessingGroups.SYNC_CONFLICTS)
class ConflictPurge {


    private final ConflictStore conflicts;

    ConflictPurge(ConflictStore conflicts) {
        this.conflicts = conflicts;
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event) {
        conflicts.purge(event.workspaceId());
    }
}
