package io.tandem.app.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import org.springframework.stereotype.Component;

/**
 * Sends {@code conflict_detected {taskId, conflicts}} (and {@code workspaceId}) to the connections of the user whose
 * push raised the conflicts, on whichever replica they are connected, and to nobody else.
 */
@Component
class ConflictFrames implements SyncConflictListener {

    private final LiveBus bus;

    ConflictFrames(LiveBus bus) {
        this.bus = bus;
    }

    @Override
    public void detected(UUID userId, UUID workspaceId, UUID taskId, List<SyncConflict> conflicts) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("taskId", taskId);
        payload.put("conflicts", conflicts);
        payload.put("workspaceId", workspaceId);
        bus.toUser(userId, new Frame("conflict_detected", payload));
    }
}
