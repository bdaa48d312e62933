package io.tandem.projection.tasklist;

import io.tandem.api.task.FetchRecurringTasksQuery;
import io.tandem.api.task.FetchTasksQuery;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.FetchTaskWorkspacesQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskPage;
import io.tandem.api.task.TaskSort;
import io.tandem.api.task.TaskView;
import io.tandem.api.task.TaskWorkspaceView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the task queries from the task list read model. Deleted tasks are invisible here except to
 * the version query, which read-your-writes needs to see them.
 */
@Component
class TaskQueries {

    private static final String TASK_COLUMNS = """
            t.id, t.workspace_id, t.title, t.description, t.description_revision, t.completed, t.priority,
            t.category_id, t.assigned_to, t.created_by, t.due_date, t.completed_at, t.created_at, t.updated_at, t.is_recurring,
            t.recurring_frequency, t.recurring_interval, t.recurring_days, t.recurring_end_date, t.recurring_count,
            t.is_template, t.parent_task_id, t.status, t.position, t.version""";

    /** Sort expressions by key: the only text that reaches ORDER BY, so no input can shape the SQL. */
    private static final Map<TaskSort.Field, String> SORT_EXPRESSIONS = new EnumMap<>(Map.of(
            TaskSort.Field.DUE_DATE, "t.due_date",
            TaskSort.Field.CREATED_AT, "t.created_at",
            TaskSort.Field.UPDATED_AT, "t.updated_at",
            TaskSort.Field.POSITION, "t.position",
            TaskSort.Field.PRIORITY, "t.priority",
            TaskSort.Field.TITLE, "lower(t.title)"));

    /** Tasks without a due date or a position belong after the others whichever way the list runs. */
    private static final Set<TaskSort.Field> NULLS_LAST = EnumSet.of(TaskSort.Field.DUE_DATE, TaskSort.Field.POSITION);

    /** Oldest first when the caller names no order, so that new tasks land at the end of the list. */
    private static final List<TaskSort> DEFAULT_SORT = List.of(new TaskSort(TaskSort.Field.CREATED_AT, false));

    private final JdbcClient jdbc;

    TaskQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Looks the task up by its key alone and checks workspace and deletion on the row: with the workspace in the
     * condition, a plan the server prepared while the table was small walks a workspace index over every task of
     * the workspace instead.
     */
    @QueryHandler
    Optional<TaskView> handle(FindTaskQuery query) {
        // The tags come along in the same statement (one round trip, where a list reads them for the page at once).
        return jdbc.sql("SELECT " + TASK_COLUMNS + ", t.deleted,"
                        + " ARRAY(SELECT g.tag FROM task_tags g WHERE g.task_id = t.id ORDER BY g.ordinal) AS tags"
                        + " FROM tasks t WHERE t.id = :id")
                .param("id", query.taskId())
                .query((rs, row) -> rs.getBoolean("deleted") ? null : withTags(task(rs), rs.getArray("tags")))
                .list().stream()
                .filter(found -> found != null && query.workspaceId().equals(found.workspaceId()))
                .findFirst();
    }

    @QueryHandler
    Long handle(FindTaskVersionQuery query) {
        return jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM tasks WHERE id = :id")
                .param("id", query.taskId())
                .query(Long.class)
                .single();
    }

    @QueryHandler
    List<TaskWorkspaceView> handle(FetchTaskWorkspacesQuery query) {
        if (query.taskIds() == null || query.taskIds().isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, workspace_id, version FROM tasks WHERE id IN (:ids)")
                .param("ids", query.taskIds())
                .query((rs, row) -> new TaskWorkspaceView(rs.getObject("id", UUID.class),
                        rs.getObject("workspace_id", UUID.class), rs.getLong("version")))
                .list();
    }

    @QueryHandler
    List<TaskView> handle(FetchRecurringTasksQuery query) {
        return withTags(jdbc.sql("SELECT " + TASK_COLUMNS + """
                         FROM tasks t
                        WHERE t.workspace_id = :workspaceId AND NOT t.deleted AND t.is_recurring
                          AND (t.parent_task_id IS NULL OR t.is_template)
                        ORDER BY t.created_at, t.id
                        """)
                .param("workspaceId", query.workspaceId())
                .query((rs, row) -> task(rs))
                .list());
    }

    @QueryHandler
    TaskPage handle(FetchTasksQuery query) {
        if (query.page() < 0 || query.size() < 1) {
            throw new IllegalArgumentException("page must be >= 0 and size >= 1, got " + query.page() + "/" + query.size());
        }
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        params.put("limit", query.size());
        params.put("offset", (long) query.page() * query.size());

        // The window count is taken before LIMIT, so one statement yields the page and the total.
        long[] total = {0};
        List<TaskView> items = jdbc.sql("SELECT " + TASK_COLUMNS + ", count(*) OVER () AS total FROM tasks t WHERE "
                        + where + " ORDER BY " + orderBy(query.sort()) + " LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, row) -> {
                    total[0] = rs.getLong("total");
                    return task(rs);
                })
                .list();
        if (items.isEmpty() && query.page() > 0) {
            // Past the last page there is no row to carry the total.
            total[0] = jdbc.sql("SELECT count(*) FROM tasks t WHERE " + where).params(params).query(Long.class).single();
        }
        return new TaskPage(withTags(items), query.page(), query.size(), total[0]);
    }

    private static String where(FetchTasksQuery query, Map<String, Object> params) {
        TaskFilter filter = query.filter() == null ? TaskFilter.none() : query.filter();
        StringBuilder where = new StringBuilder("t.workspace_id = :workspaceId AND NOT t.deleted");
        params.put("workspaceId", query.workspaceId());
        if (filter.status() != null) {
            where.append(" AND t.status = :status");
            params.put("status", TaskColumns.status(filter.status()));
        }
        if (filter.priority() != null) {
            where.append(" AND t.priority = :priority");
            params.put("priority", TaskColumns.priorityRank(filter.priority()));
        }
        if (filter.completed() != null) {
            where.append(" AND t.completed = :completed");
            params.put("completed", filter.completed());
        }
        if (filter.assignedTo() != null) {
            where.append(" AND t.assigned_to = :assignedTo");
            params.put("assignedTo", filter.assignedTo());
        }
        if (filter.categoryId() != null) {
            where.append(" AND t.category_id = :categoryId");
            params.put("categoryId", filter.categoryId());
        }
        if (filter.tag() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM task_tags tt WHERE tt.task_id = t.id AND tt.tag = :tag)");
            params.put("tag", filter.tag());
        }
        if (filter.dueBefore() != null) {
            where.append(" AND t.due_date < :dueBefore");
            params.put("dueBefore", TaskColumns.time(filter.dueBefore()));
        }
        if (filter.dueAfter() != null) {
            where.append(" AND t.due_date > :dueAfter");
            params.put("dueAfter", TaskColumns.time(filter.dueAfter()));
        }
        return where.toString();
    }

    private static String orderBy(List<TaskSort> sort) {
        List<TaskSort> keys = sort == null || sort.isEmpty() ? DEFAULT_SORT : sort;
        Set<TaskSort.Field> seen = EnumSet.noneOf(TaskSort.Field.class);
        List<String> terms = new ArrayList<>();
        for (TaskSort key : keys) {
            // A repeated key could not change the order; only its first mention counts.
            if (key == null || key.field() == null || !seen.add(key.field())) {
                continue;
            }
            terms.add(SORT_EXPRESSIONS.get(key.field())
                    + (key.descending() ? " DESC" : " ASC")
                    + (NULLS_LAST.contains(key.field()) ? " NULLS LAST" : ""));
        }
        // Ids are unique, so pages cut from this order never overlap or skip a row.
        terms.add("t.id");
        return String.join(", ", terms);
    }

    /** Attaches tags to the tasks with one query for all of them, in each task's own tag order. */
    private List<TaskView> withTags(List<TaskView> tasks) {
        if (tasks.isEmpty()) {
            return tasks;
        }
        Map<UUID, List<String>> tags = new HashMap<>();
        jdbc.sql("SELECT task_id, tag FROM task_tags WHERE task_id IN (:ids) ORDER BY task_id, ordinal")
                .param("ids", tasks.stream().map(TaskView::id).toList())
                .query(rs -> {
                    tags.computeIfAbsent(rs.getObject("task_id", UUID.class), id -> new ArrayList<>()).add(rs.getString("tag"));
                });
        return tasks.stream().map(t -> withTags(t, List.copyOf(tags.getOrDefault(t.id(), List.of())))).toList();
    }

    private static TaskView withTags(TaskView t, Array tags) throws SQLException {
        return withTags(t, tags == null ? List.of() : List.of((String[]) tags.getArray()));
    }

    private static TaskView withTags(TaskView t, List<String> tags) {
        return new TaskView(t.id(), t.workspaceId(), t.title(), t.description(), t.descriptionRevision(), t.completed(), t.priority(),
                t.categoryId(), tags, t.assignedTo(), t.createdBy(), t.dueDate(), t.completedAt(), t.createdAt(),
                t.updatedAt(), t.isRecurring(), t.recurringConfig(), t.isTemplate(), t.parentTaskId(), t.status(),
                t.position(), t.version());
    }

    /** A task without its tags, which {@link #withTags} adds. */
    private static TaskView task(ResultSet rs) throws SQLException {
        String frequency = rs.getString("recurring_frequency");
        // The config is stored flattened; a frequency is what every config has.
        RecurringConfig config = frequency == null ? null : new RecurringConfig(
                TaskColumns.frequency(frequency),
                TaskColumns.integer(rs, "recurring_interval"),
                TaskColumns.weekdays(rs, "recurring_days"),
                TaskColumns.instant(rs, "recurring_end_date"),
                TaskColumns.integer(rs, "recurring_count"));
        return new TaskView(
                rs.getObject("id", UUID.class),
                rs.getObject("workspace_id", UUID.class),
                rs.getString("title"),
                rs.getString("description"),
                rs.getLong("description_revision"),
                rs.getBoolean("completed"),
                TaskColumns.priority(rs.getInt("priority")),
                rs.getObject("category_id", UUID.class),
                List.of(),
                rs.getObject("assigned_to", UUID.class),
                rs.getObject("created_by", UUID.class),
                TaskColumns.instant(rs, "due_date"),
                TaskColumns.instant(rs, "completed_at"),
                TaskColumns.instant(rs, "created_at"),
                TaskColumns.instant(rs, "updated_at"),
                rs.getBoolean("is_recurring"),
                config,
                rs.getBoolean("is_template"),
                rs.getObject("parent_task_id", UUID.class),
                TaskColumns.status(rs.getString("status")),
                TaskColumns.integer(rs, "position"),
                rs.getLong("version"));
    }
}
