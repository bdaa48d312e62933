package io.tandem.app.web.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.tandem.api.task.FetchTaskWorkspacesQuery;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskWorkspaceView;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FindCategoryQuery;
import io.tandem.app.problem.ApiException;
import io.tandem.app.problem.ApiException.FieldError;
import io.tandem.app.access.WorkspaceAccess;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Checks what a task change points at in other aggregates (its category, its assignee, its parent task) against the
 * read models, since the Task aggregate cannot see them. Every writer (REST, sync push, import, the WebSocket's
 * {@code task_update}, conflict resolution) checks here.
 */
@Component
public class TaskReferences {

    /** What every writer answers for a parent that is not a task of the workspace. */
    public static final String NOT_A_TASK_HERE = "is not a task of this workspace";
    private static final int QUERY_CHUNK = 1000;

    private final QueryGateway queries;
    private final WorkspaceAccess access;

    TaskReferences(QueryGateway queries, WorkspaceAccess access) {
        this.queries = queries;
        this.access = access;
    }

    /**
     * As {@link #check(UUID, TaskChanges, Set)}, and refuses a {@code parentTaskId} that is not another task of this
     * workspace (deleted ones count: a parent is history). It is set only at creation; an update may echo it and is
     * refused the same way when the echo names anything else. {@code newTasks} were just created by the caller.
     */
    public void check(UUID workspaceId, UUID taskId, TaskBody body, Set<UUID> newCategories, Set<UUID> newTasks) {
        check(workspaceId, body.changes, newCategories);
        if (body.parentTaskId != null
                && !badParents(workspaceId, Map.of(taskId, body.parentTaskId), newTasks).isEmpty()) {
            throw ApiException.badRequest("parentTaskId", NOT_A_TASK_HERE);
        }
    }

    /**
     * Of the tasks given with their parents, those whose parent is not another task of the workspace: neither
     * known there to the task list (deleted or not) nor among {@code newTasks}. Asks the read model once per
     * thousand parents, so an import checks all its items together.
     */
    public Set<UUID> badParents(UUID workspaceId, Map<UUID, UUID> parentOf, Set<UUID> newTasks) {
        Set<UUID> unknown = new HashSet<>();
        parentOf.forEach((task, parent) -> {
            if (!newTasks.contains(parent) && !parent.equals(task)) {
                unknown.add(parent);
            }
        });
        Set<UUID> here = new HashSet<>();
        List<UUID> asked = new ArrayList<>(unknown);
        for (int from = 0; from < asked.size(); from += QUERY_CHUNK) {
            List<UUID> chunk = List.copyOf(asked.subList(from, Math.min(asked.size(), from + QUERY_CHUNK)));
            for (TaskWorkspaceView view : queries.query(new FetchTaskWorkspacesQuery(chunk),
                    ResponseTypes.multipleInstancesOf(TaskWorkspaceView.class)).join()) {
                if (workspaceId.equals(view.workspaceId())) {
                    here.add(view.taskId());
                }
            }
        }
        Set<UUID> bad = new HashSet<>();
        parentOf.forEach((task, parent) -> {
            if (parent.equals(task) || (unknown.contains(parent) && !here.contains(parent))) {
                bad.add(task);
            }
        });
        return bad;
    }

    /** Refuses unknown categories and non-member assignees; {@code newCategories} were just created by the caller. */
    public void check(UUID workspaceId, TaskChanges changes, Set<UUID> newCategories) {
        problems(changes, category -> newCategories.contains(category) || categoryExists(workspaceId, category),
                member -> access.membership(workspaceId, member).isPresent()).stream().findFirst()
                .ifPresent(problem -> {
                    throw ApiException.badRequest(problem.field(), problem.message());
                });
    }

    /**
     * What of a change points at nothing in its workspace: a category that {@code isCategory} does not know, an
     * assignee that {@code isMember} does not. The one list of a task's references to other aggregates, for the
     * writers that check one change ({@link #check}) and for an import, which knows its categories and asks for
     * each member once.
     */
    public static List<FieldError> problems(TaskChanges changes, Predicate<UUID> isCategory, Predicate<UUID> isMember) {
        List<FieldError> problems = new ArrayList<>();
        if (changes.has(TaskField.CATEGORY_ID) && changes.categoryId() != null && !isCategory.test(changes.categoryId())) {
            problems.add(new FieldError("categoryId", "is not a category of this workspace"));
        }
        if (changes.has(TaskField.ASSIGNED_TO) && changes.assignedTo() != null && !isMember.test(changes.assignedTo())) {
            problems.add(new FieldError("assignedTo", "is not a member of this workspace"));
        }
        return problems;
    }

    private boolean categoryExists(UUID workspaceId, UUID categoryId) {
        return queries.query(new FindCategoryQuery(workspaceId, categoryId),
                ResponseTypes.optionalInstanceOf(CategoryView.class)).join().isPresent();
    }
}
