package io.tandem.app.access;

import io.tandem.app.problem.ApiException;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.workspace.FindMembershipQuery;
import io.tandem.api.workspace.FindWorkspaceQuery;
import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.security.CurrentUser;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Decides whether a user may do something in a workspace. Non-members get 404, so a workspace's existence never
 * leaks; members whose role is too low get 403; the global auditor reads everything and writes nothing.
 */
@Component
public class WorkspaceAccess {

    /** What an operation needs. */
    public enum Need {
        READ(WorkspaceRole.VIEWER), WRITE(WorkspaceRole.MEMBER), MANAGE(WorkspaceRole.ADMIN), OWN(WorkspaceRole.OWNER);

        private final WorkspaceRole minimum;

        Need(WorkspaceRole minimum) {
            this.minimum = minimum;
        }
    }

    /** The caller's standing in a workspace: a member with a role, or an auditor who is not a member (role null). */
    public record Grant(UUID workspaceId, CurrentUser user, WorkspaceRole role) {

        /** Whether this standing allows what {@code need} asks (an auditor's only reading). */
        public boolean allows(Need need) {
            return role == null ? need == Need.READ : role.atLeast(need.minimum);
        }

        /** This grant, when it allows what {@code need} asks; refused as {@link WorkspaceAccess#require} would. */
        public Grant require(Need need) {
            if (!allows(need)) {
                throw ApiException.forbidden(role == null ? "Auditors read workspaces but never change them"
                        : "Your role (" + role.name().toLowerCase() + ") does not allow this in the workspace");
            }
            return this;
        }
    }

    private final QueryGateway queries;

    WorkspaceAccess(QueryGateway queries) {
        this.queries = queries;
    }

    public Grant require(UUID workspaceId, CurrentUser user, Need need) {
        Optional<MemberView> membership = membership(workspaceId, user.id());
        if (membership.isPresent()) {
            return new Grant(workspaceId, user, membership.get().role()).require(need);
        }
        if (user.auditor() && workspace(workspaceId).isPresent()) {
            return new Grant(workspaceId, user, null).require(need);
        }
        throw ApiException.notFound("Workspace not found");
    }

    public Optional<MemberView> membership(UUID workspaceId, UUID userId) {
        return queries.query(new FindMembershipQuery(workspaceId, userId), ResponseTypes.optionalInstanceOf(MemberView.class)).join();
    }

    public Optional<WorkspaceView> workspace(UUID workspaceId) {
        return queries.query(new FindWorkspaceQuery(workspaceId), ResponseTypes.optionalInstanceOf(WorkspaceView.class)).join();
    }

    /** Whether the workspace's settings let a stale description merge as text (see WorkspaceSettings). */
    public boolean descriptionMergesAsText(UUID workspaceId) {
        return workspace(workspaceId).map(w -> w.settings().descriptionMergesAsText()).orElse(true);
    }
}
