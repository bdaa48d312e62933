package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a category; tasks in it keep existing without a category. */
public record DeleteCategoryCommand(@TargetAggregateIdentifier UUID workspaceId, UUID categoryId, UUID actorId) {
}
