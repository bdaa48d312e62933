package io.tandem.app.web.workspace;

import java.time.Instant;
import java.util.UUID;

import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.account.UserSummary;

/** Answer bodies of the workspace and member endpoints, shaped as the contract names them. */
final class WorkspaceResponses {

    private WorkspaceResponses() {
    }

    record Workspace(UUID id, String name, UUID ownerId, Plan plan, WorkspaceSettings settings,
                     Instant createdAt, Instant updatedAt, WorkspaceRole role) {

        static Workspace of(WorkspaceView view, WorkspaceRole role) {
            return new Workspace(view.id(), view.name(), view.ownerId(), view.plan(), view.settings(),
                    view.createdAt(), view.updatedAt(), role);
        }
    }

    record Member(UUID userId, UUID workspaceId, String email, String name, WorkspaceRole role, UUID invitedBy,
                  Instant joinedAt) {

        static Member of(MemberView view, UserSummary user) {
            return new Member(view.userId(), view.workspaceId(), user == null ? null : user.email(),
                    user == null ? null : user.name(), view.role(), view.invitedBy(), view.joinedAt());
        }
    }
}
