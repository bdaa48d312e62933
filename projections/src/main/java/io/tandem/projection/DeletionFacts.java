package io.tandem.projection;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The workspace deletions and category deletions that reach into tasks, kept as facts ({@code deleted_workspaces},
 * {@code deleted_categories}) for the projections that are sequenced per aggregate: such a projection may handle a
 * task's event after its workspace's deletion, and must then not bring back what the deletion erased.
 *
 * <p>A deletion and a task event of the same workspace may also be handled at the same moment, by two segments in two
 * transactions that cannot see each other's writes. A transaction-scoped advisory lock per workspace orders them:
 * the deletion takes it exclusively before it records the fact and erases, a task event that brings text or a
 * category takes it shared before it writes and looks at the facts. Whichever comes second sees what the first
 * committed.
 */
@Component
public class DeletionFacts {

    private final JdbcClient jdbc;

    DeletionFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Before a deletion of (something in) the workspace is recorded and applied. */
    public void lockForDeletion(UUID workspaceId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:workspaceId AS text), 7))")
                .param("workspaceId", workspaceId)
                .query((rs, n) -> 1).list();
    }

    /** Before a task event that brings text or a category into the workspace is written and checked. */
    public void lockForWrite(UUID workspaceId) {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtextextended(CAST(:workspaceId AS text), 7))")
                .param("workspaceId", workspaceId)
                .query((rs, n) -> 1).list();
    }

    public void workspaceDeleted(UUID workspaceId) {
        jdbc.sql("INSERT INTO deleted_workspaces (workspace_id) VALUES (:workspaceId) ON CONFLICT DO NOTHING")
                .param("workspaceId", workspaceId)
                .update();
    }

    public void categoryDeleted(UUID workspaceId, UUID categoryId) {
        jdbc.sql("""
                        INSERT INTO deleted_categories (workspace_id, category_id) VALUES (:workspaceId, :categoryId)
                        ON CONFLICT DO NOTHING
                        """)
                .param("workspaceId", workspaceId)
                .param("categoryId", categoryId)
                .update();
    }

    public boolean isDeleted(UUID workspaceId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM deleted_workspaces WHERE workspace_id = :workspaceId)")
                .param("workspaceId", workspaceId)
                .query(Boolean.class)
                .single();
    }

    public boolean isDeleted(UUID workspaceId, UUID categoryId) {
        return categoryId != null && jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM deleted_categories
                                        WHERE workspace_id = :workspaceId AND category_id = :categoryId)
                        """)
                .param("workspaceId", workspaceId)
                .param("categoryId", categoryId)
                .query(Boolean.class)
                .single();
    }

    /** Which of these workspaces are deleted. */
    public Set<UUID> deletedAmong(Collection<UUID> workspaceIds) {
        if (workspaceIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT workspace_id FROM deleted_workspaces WHERE workspace_id IN (:ids)")
                .param("ids", workspaceIds)
                .query(UUID.class)
                .list());
    }

    /** Which of these categories (of a workspace, "workspace/category") are deleted. */
    public Set<String> deletedCategoriesAmong(Collection<String> workspaceAndCategory) {
        if (workspaceAndCategory.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        SELECT workspace_id || '/' || category_id FROM deleted_categories
                         WHERE workspace_id || '/' || category_id IN (:keys)
                        """)
                .param("keys", workspaceAndCategory)
                .query(String.class)
                .list());
    }
}
