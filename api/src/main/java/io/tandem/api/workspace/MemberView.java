package io.tandem.api.workspace;

import java.time.Instant;
import java.util.UUID;

/** A workspace member; names and emails live with accounts and are joined in by the caller. */
public record MemberView(UUID userId, UUID workspaceId, WorkspaceRole role, UUID invitedBy, Instant joinedAt) {
}
