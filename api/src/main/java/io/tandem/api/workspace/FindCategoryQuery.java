package io.tandem.api.workspace;

import java.util.UUID;

/** One category of a workspace; answers {@code Optional<CategoryView>}. */
public record FindCategoryQuery(UUID workspaceId, UUID categoryId) {
}
