package io.tandem.api.workspace;

import java.time.Instant;
import java.util.UUID;

/** A category of a workspace. */
public record CategoryView(UUID id, String name, String color, UUID workspaceId, UUID createdBy, Instant createdAt) {
}
