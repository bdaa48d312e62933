package io.tandem.projection.workspace;

import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FetchCategoriesQuery;
import io.tandem.api.workspace.FetchUserWorkspacesQuery;
import io.tandem.api.workspace.FetchWorkspaceMembersQuery;
import io.tandem.api.workspace.FindCategoryQuery;
import io.tandem.api.workspace.FindMembershipQuery;
import io.tandem.api.workspace.FindWorkspaceQuery;
import io.tandem.api.workspace.FindWorkspaceVersionQuery;
import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.UserWorkspaceView;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the workspace, membership and category queries from the workspace read model. Deleted
 * workspaces are invisible here except to the version query, which read-your-writes needs to see them.
 */
@Component
class WorkspaceQueries {

    private static final String WORKSPACE_COLUMNS = """
            w.id, w.name, w.owner_id, w.plan, w.conflict_strategy, w.preserve_fields,
            w.created_at, w.updated_at, w.version""";

    private final JdbcClient jdbc;

    WorkspaceQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<WorkspaceView> handle(FindWorkspaceQuery query) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces w WHERE w.id = :id AND NOT w.deleted")
                .param("id", query.workspaceId())
                .query((rs, row) -> workspace(rs))
                .optional();
    }

    @QueryHandler
    Long handle(FindWorkspaceVersionQuery query) {
        return jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM workspaces WHERE id = :id")
                .param("id", query.workspaceId())
                .query(Long.class)
                .single();
    }

    @QueryHandler
    List<UserWorkspaceView> handle(FetchUserWorkspacesQuery query) {
        // lower(name) so the order does not depend on the database's collation.
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + """
                        , m.role
                          FROM workspace_members m
                          JOIN workspaces w ON w.id = m.workspace_id
                         WHERE m.user_id = :userId AND NOT w.deleted
                         ORDER BY lower(w.name), w.name, w.id
                        """)
                .param("userId", query.userId())
                .query((rs, row) -> new UserWorkspaceView(workspace(rs), WorkspaceColumns.role(rs.getString("role"))))
                .list();
    }

    @QueryHandler
    Optional<MemberView> handle(FindMembershipQuery query) {
        return jdbc.sql("""
                        SELECT m.workspace_id, m.user_id, m.role, m.invited_by, m.joined_at
                          FROM workspace_members m
                          JOIN workspaces w ON w.id = m.workspace_id
                         WHERE m.workspace_id = :workspaceId AND m.user_id = :userId AND NOT w.deleted
                        """)
                .param("workspaceId", query.workspaceId())
                .param("userId", query.userId())
                .query((rs, row) -> member(rs))
                .optional();
    }

    @QueryHandler
    List<MemberView> handle(FetchWorkspaceMembersQuery query) {
        return jdbc.sql("""
                        SELECT m.workspace_id, m.user_id, m.role, m.invited_by, m.joined_at
                          FROM workspace_members m
                          JOIN workspaces w ON w.id = m.workspace_id
                         WHERE m.workspace_id = :workspaceId AND NOT w.deleted
                         ORDER BY m.joined_at, m.user_id
                        """)
                .param("workspaceId", query.workspaceId())
                .query((rs, row) -> member(rs))
                .list();
    }

    @QueryHandler
    List<CategoryView> handle(FetchCategoriesQuery query) {
        // Names are unique ignoring case, so lower(name) orders them the way a reader expects.
        return jdbc.sql("""
                        SELECT c.id, c.name, c.color, c.workspace_id, c.created_by, c.created_at
                          FROM categories c
                          JOIN workspaces w ON w.id = c.workspace_id
                         WHERE c.workspace_id = :workspaceId AND NOT w.deleted
                         ORDER BY lower(c.name), c.name, c.id
                        """)
                .param("workspaceId", query.workspaceId())
                .query((rs, row) -> category(rs))
                .list();
    }

    @QueryHandler
    Optional<CategoryView> handle(FindCategoryQuery query) {
        return jdbc.sql("""
                        SELECT c.id, c.name, c.color, c.workspace_id, c.created_by, c.created_at
                          FROM categories c
                          JOIN workspaces w ON w.id = c.workspace_id
                         WHERE c.id = :categoryId AND c.workspace_id = :workspaceId AND NOT w.deleted
                        """)
                .param("workspaceId", query.workspaceId())
                .param("categoryId", query.categoryId())
                .query((rs, row) -> category(rs))
                .optional();
    }

    private static WorkspaceView workspace(ResultSet rs) throws SQLException {
        return new WorkspaceView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("owner_id", UUID.class),
                WorkspaceColumns.plan(rs.getString("plan")),
                new WorkspaceSettings(
                        WorkspaceColumns.conflictStrategy(rs.getString("conflict_strategy")),
                        WorkspaceColumns.strings(rs, "preserve_fields")),
                WorkspaceColumns.instant(rs, "created_at"),
                WorkspaceColumns.instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    private static MemberView member(ResultSet rs) throws SQLException {
        return new MemberView(
                rs.getObject("user_id", UUID.class),
                rs.getObject("workspace_id", UUID.class),
                WorkspaceColumns.role(rs.getString("role")),
                rs.getObject("invited_by", UUID.class),
                WorkspaceColumns.instant(rs, "joined_at"));
    }

    private static CategoryView category(ResultSet rs) throws SQLException {
        return new CategoryView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("color"),
                rs.getObject("workspace_id", UUID.class),
                rs.getObject("created_by", UUID.class),
                WorkspaceColumns.instant(rs, "created_at"));
    }
}
