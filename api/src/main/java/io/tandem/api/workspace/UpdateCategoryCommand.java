package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rename or recolour a category; a null component leaves that part as it is. */
public record UpdateCategoryCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        UUID categoryId,
        String name,
        String color,
        UUID actorId) {
}
