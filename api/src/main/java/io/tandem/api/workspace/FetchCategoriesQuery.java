package io.tandem.api.workspace;

import java.util.UUID;

/** The categories of a workspace; answers {@code List<CategoryView>} ordered by name. */
public record FetchCategoriesQuery(UUID workspaceId) {
}
