package io.tandem.projection.tasklist;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.task.DescriptionOpJson;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.FetchDescriptionOpsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A task's description operations, as the task-list projection keeps them (task_description_ops). */
@Component
class DescriptionOpsQueries {

    private final JdbcClient jdbc;

    DescriptionOpsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when the task is not in the workspace, or deleted. */
    @QueryHandler
    Optional<DescriptionOps> handle(FetchDescriptionOpsQuery query) {
        Optional<Long> revision = jdbc.sql("""
                        SELECT workspace_id, deleted, description_revision FROM tasks WHERE id = :id""")
                .param("id", query.taskId())
                .query((rs, n) -> query.workspaceId().equals(rs.getObject("workspace_id", UUID.class))
                        && !rs.getBoolean("deleted") ? rs.getLong("description_revision") : null)
                .list().stream().filter(Objects::nonNull).findFirst();
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        List<DescriptionOps.Op> ops = jdbc.sql("""
                        SELECT revision, op, user_id, client_id, seq, created_at FROM task_description_ops
                         WHERE task_id = :id AND revision > :since AND revision <= :revision
                         ORDER BY revision
                         LIMIT :limit""")
                .param("id", query.taskId())
                .param("since", query.since())
                .param("revision", revision.get())
                .param("limit", query.limit())
                .query((rs, n) -> new DescriptionOps.Op(
                        rs.getLong("revision"),
                        DescriptionOpJson.shown(rs.getString("op")),
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("client_id", UUID.class),
                        (Long) rs.getObject("seq"),
                        TaskColumns.instant(rs, "created_at")))
                .list();
        return Optional.of(new DescriptionOps(ops, revision.get()));
    }
}
