package io.tandem.app.web.task;

import java.util.Set;
import java.util.UUID;

import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FindCategoryQuery;
import io.tandem.app.web.ApiException;
import io.tandem.app.web.WorkspaceAccess;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Checks what a task change points at in other aggregates (its category, its assignee) against the read models,
 * since the Task aggregate cannot see them.
 */
@Component
public class TaskReferences {

    private final QueryGateway queries;
    private final WorkspaceAccess access;

    TaskReferences(QueryGateway queries, WorkspaceAccess access) {
        this.queries = queries;
        this.access = access;
    }

    /** Refuses unknown categories and non-member assignees; {@code newCategories} were just created by the caller. */
    public void check(UUID workspaceId, TaskChanges changes, Set<UUID> newCategories) {
        if (changes.has(TaskField.CATEGORY_ID) && changes.categoryId() != null
                && !newCategories.contains(changes.categoryId())) {
            boolean exists = queries.query(new FindCategoryQuery(workspaceId, changes.categoryId()),
                    ResponseTypes.optionalInstanceOf(CategoryView.class)).join().isPresent();
            if (!exists) {
                throw ApiException.badRequest("categoryId", "is not a category of this workspace");
            }
        }
        if (changes.has(TaskField.ASSIGNED_TO) && changes.assignedTo() != null
                && access.membership(workspaceId, changes.assignedTo()).isEmpty()) {
            throw ApiException.badRequest("assignedTo", "is not a member of this workspace");
        }
    }
}
