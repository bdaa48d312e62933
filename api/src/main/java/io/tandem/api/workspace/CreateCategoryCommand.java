package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a category in a workspace; its name must be unique there, ignoring case. */
public record CreateCategoryCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        UUID categoryId,
        String name,
        String color,
        UUID actorId) {
}
