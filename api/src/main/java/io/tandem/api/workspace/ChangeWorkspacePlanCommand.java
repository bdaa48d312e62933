package io.tandem.api.workspace;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** The operator puts a workspace on a billing plan; no member may, whatever their role. */
public record ChangeWorkspacePlanCommand(@TargetAggregateIdentifier UUID workspaceId, Plan plan) {
}
