package io.tandem.api.workspace;

import java.util.UUID;

/** A user's membership of a (not deleted) workspace; answers {@code Optional<MemberView>}. */
public record FindMembershipQuery(UUID workspaceId, UUID userId) {
}
