package io.tandem.api.workspace;

import java.util.UUID;

/** The members of a workspace; answers {@code List<MemberView>} ordered by join time. */
public record FetchWorkspaceMembersQuery(UUID workspaceId) {
}
