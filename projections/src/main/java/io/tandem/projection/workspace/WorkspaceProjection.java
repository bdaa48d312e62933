package io.tandem.projection.workspace;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.Sensitive;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the workspaces, workspace_members and categories tables in step with the Workspace aggregate.
 *
 * <p>Every event first advances the workspace row's version, and only when that succeeds changes
 * the row, its members or its categories, all in the transaction Axon opens for the batch. An event
 * at or below the stored version has been applied before (a replay or a redelivery) and is skipped,
 * which is what makes the projection idempotent.
 */
@Component
@ProcessingGroup(ProcessingGroups.WORKSPACES)
class WorkspaceProjection {

    private final JdbcClient jdbc;

    WorkspaceProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WorkspaceCreatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        WorkspaceSettings settings = settingsOrDefault(event.settings());
        // A creation is always version 1, so a row that already exists means this event was applied.
        int inserted = jdbc.sql("""
                        INSERT INTO workspaces (id, name, owner_id, plan, conflict_strategy, preserve_fields,
                                                created_at, updated_at, version, deleted)
                        VALUES (:id, :name, :ownerId, :plan, :conflictStrategy, :preserveFields,
                                :timestamp, :timestamp, :version, false)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .param("id", event.workspaceId())
                .param("name", event.name())
                .param("ownerId", event.ownerId())
                .param("plan", WorkspaceColumns.plan(planOrDefault(event.plan())))
                .param("conflictStrategy", WorkspaceColumns.conflictStrategy(settings.conflictStrategy()))
                .param("preserveFields", settings.preserveFields().toArray(String[]::new))
                .param("timestamp", WorkspaceColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        if (inserted == 1) {
            // The owner joined by creating the workspace, not by invitation.
            upsertMember(event.workspaceId(), event.ownerId(), WorkspaceRole.OWNER, null, timestamp);
        }
    }

    @EventHandler
    void on(WorkspaceUpdatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        WorkspaceSettings settings = settingsOrDefault(event.settings());
        int updated = jdbc.sql("""
                        UPDATE workspaces
                           SET name = :name, plan = :plan, conflict_strategy = :conflictStrategy,
                               preserve_fields = :preserveFields, updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.workspaceId())
                .param("name", event.name())
                .param("plan", WorkspaceColumns.plan(planOrDefault(event.plan())))
                .param("conflictStrategy", WorkspaceColumns.conflictStrategy(settings.conflictStrategy()))
                .param("preserveFields", settings.preserveFields().toArray(String[]::new))
                .param("timestamp", WorkspaceColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.workspaceId());
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        int updated = jdbc.sql("""
                        UPDATE workspaces SET deleted = true, name = :erased, updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.workspaceId())
                .param("erased", Sensitive.ERASED)
                .param("timestamp", WorkspaceColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        if (requireKnownIfSkipped(updated, event.workspaceId())) {
            // The row stays for its version (its name erased, as in the history); what was in the workspace
            // goes, so that no access check can find a membership of a deleted workspace.
            jdbc.sql("DELETE FROM workspace_members WHERE workspace_id = :id").param("id", event.workspaceId()).update();
            jdbc.sql("DELETE FROM categories WHERE workspace_id = :id").param("id", event.workspaceId()).update();
        }
    }

    @EventHandler
    void on(WorkspaceMemberAddedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            upsertMember(event.workspaceId(), event.userId(), event.role(), event.invitedBy(), timestamp);
        }
    }

    @EventHandler
    void on(WorkspaceMemberRoleChangedEvent event, @SequenceNumber long sequenceNumber) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            jdbc.sql("UPDATE workspace_members SET role = :role WHERE workspace_id = :workspaceId AND user_id = :userId")
                    .param("role", WorkspaceColumns.role(event.role()))
                    .param("workspaceId", event.workspaceId())
                    .param("userId", event.userId())
                    .update();
        }
    }

    @EventHandler
    void on(WorkspaceMemberRemovedEvent event, @SequenceNumber long sequenceNumber) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            jdbc.sql("DELETE FROM workspace_members WHERE workspace_id = :workspaceId AND user_id = :userId")
                    .param("workspaceId", event.workspaceId())
                    .param("userId", event.userId())
                    .update();
        }
    }

    @EventHandler
    void on(CategoryCreatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            jdbc.sql("""
                            INSERT INTO categories (id, workspace_id, name, color, created_by, created_at, updated_at)
                            VALUES (:id, :workspaceId, :name, :color, :createdBy, :timestamp, :timestamp)
                            ON CONFLICT (workspace_id, id) DO UPDATE
                               SET name = EXCLUDED.name, color = EXCLUDED.color, updated_at = EXCLUDED.updated_at
                            """)
                    .param("id", event.categoryId())
                    .param("workspaceId", event.workspaceId())
                    .param("name", event.name())
                    .param("color", event.color())
                    .param("createdBy", event.createdBy())
                    .param("timestamp", WorkspaceColumns.time(timestamp))
                    .update();
        }
    }

    @EventHandler
    void on(CategoryUpdatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            jdbc.sql("""
                            UPDATE categories SET name = :name, color = :color, updated_at = :timestamp
                             WHERE id = :id AND workspace_id = :workspaceId
                            """)
                    .param("id", event.categoryId())
                    .param("workspaceId", event.workspaceId())
                    .param("name", event.name())
                    .param("color", event.color())
                    .param("timestamp", WorkspaceColumns.time(timestamp))
                    .update();
        }
    }

    @EventHandler
    void on(CategoryDeletedEvent event, @SequenceNumber long sequenceNumber) {
        if (advance(event.workspaceId(), sequenceNumber)) {
            jdbc.sql("DELETE FROM categories WHERE id = :id AND workspace_id = :workspaceId")
                    .param("id", event.categoryId())
                    .param("workspaceId", event.workspaceId())
                    .update();
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE workspace_members, categories, workspaces").update();
    }

    private void upsertMember(UUID workspaceId, UUID userId, WorkspaceRole role, UUID invitedBy, Instant joinedAt) {
        jdbc.sql("""
                        INSERT INTO workspace_members (workspace_id, user_id, role, invited_by, joined_at)
                        VALUES (:workspaceId, :userId, :role, :invitedBy, :joinedAt)
                        ON CONFLICT (workspace_id, user_id) DO UPDATE
                           SET role = EXCLUDED.role, invited_by = EXCLUDED.invited_by, joined_at = EXCLUDED.joined_at
                        """)
                .param("workspaceId", workspaceId)
                .param("userId", userId)
                .param("role", WorkspaceColumns.role(role))
                .param("invitedBy", invitedBy)
                .param("joinedAt", WorkspaceColumns.time(joinedAt))
                .update();
    }

    /** Moves the workspace row to this event's version; false when the event was applied before. */
    private boolean advance(UUID workspaceId, long sequenceNumber) {
        int updated = jdbc.sql("UPDATE workspaces SET version = :version WHERE id = :id AND version < :version")
                .param("id", workspaceId)
                .param("version", version(sequenceNumber))
                .update();
        return requireKnownIfSkipped(updated, workspaceId);
    }

    /**
     * A skipped event is fine when the row is already further along; a missing row means the workspace's
     * creation was never applied, and carrying on would silently lose this change, so it fails loudly.
     */
    private boolean requireKnownIfSkipped(int updated, UUID workspaceId) {
        if (updated == 1) {
            return true;
        }
        boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM workspaces WHERE id = :id)")
                .param("id", workspaceId)
                .query(Boolean.class)
                .single();
        if (!known) {
            throw new IllegalStateException("Workspace " + workspaceId + " is not in the read model: its creation was never applied");
        }
        return false;
    }

    private static long version(long sequenceNumber) {
        return sequenceNumber + 1;
    }

    // The command side fills these; the defaults only keep a sparse historic event readable.
    private static WorkspaceSettings settingsOrDefault(WorkspaceSettings settings) {
        return settings == null ? WorkspaceSettings.defaults() : settings;
    }

    private static Plan planOrDefault(Plan plan) {
        return plan == null ? Plan.FREE : plan;
    }
}
