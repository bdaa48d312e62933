package io.tandem.app.crypto;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.Sensitive;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted workspace's data key, so its task texts read as erased everywhere, the event history included.
 * A handler of its own processing group rather than an after-commit hook of the command: it runs only once the
 * deletion is committed, and its durable token means a crash between the commit and the destruction cannot leave
 * the key alive (the handler runs again; destroying is idempotent, so replays are harmless too).
 */
@Component
@ProcessingGroup(ProcessingGroups.DATA_KEYS)
class WorkspaceKeyShredder {

    private final DataKeys keys;

    WorkspaceKeyShredder(DataKeys keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event) {
        keys.destroy(Sensitive.Scope.WORKSPACE, event.workspaceId());
    }
}
