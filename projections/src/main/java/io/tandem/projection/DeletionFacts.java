package io.tandem.projection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 *
 * <p>While a transaction holds the shared lock no other transaction can record a deletion in the workspace that the
 * projections order by it, so the facts it read after taking the lock hold until it ends: a batch of events takes
 * the lock and reads the facts once per workspace ({@link #lockForWrite}), not once per event. A deletion recorded in
 * the same transaction forgets what it had read.
 */
@Component
public class DeletionFacts {

    private final JdbcClient jdbc;

    DeletionFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a transaction holding a workspace's shared lock knows of its deletions: whether the workspace is deleted,
     * and which of its categories.
     */
    public record Known(boolean workspaceDeleted, Set<UUID> deletedCategories) {

        /** Nothing of the workspace is deleted: a write in it has nothing to take back. */
        public boolean nothing() {
            return !workspaceDeleted && deletedCategories.isEmpty();
        }

        public boolean categoryDeleted(UUID categoryId) {
            return categoryId != null && deletedCategories.contains(categoryId);
        }
    }

    /** Before a deletion of (something in) the workspace is recorded and applied. */
    public void lockForDeletion(UUID workspaceId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:workspaceId AS text), 7))")
                .param("workspaceId", workspaceId)
                .query((rs, n) -> 1).list();
    }

    /**
     * Before a task event that brings text or a category into the workspace is written and checked: takes the shared
     * lock and answers the facts, both once per transaction and workspace.
     */
    public Known lockForWrite(UUID workspaceId) {
        Map<UUID, Known> held = heldInTransaction();
        Known known = held == null ? null : held.get(workspaceId);
        if (known != null) {
            return known;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtextextended(CAST(:workspaceId AS text), 7))")
                .param("workspaceId", workspaceId)
                .query((rs, n) -> 1).list();
        // A statement of its own: its snapshot is taken after the lock was granted, so it sees a deletion that
        // committed while this transaction waited for the lock.
        known = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM deleted_workspaces WHERE workspace_id = :workspaceId) AS erased,
                               ARRAY(SELECT category_id FROM deleted_categories WHERE workspace_id = :workspaceId)
                                   AS categories
                        """)
                .param("workspaceId", workspaceId)
                .query((rs, n) -> {
                    Set<UUID> categories = new HashSet<>();
                    for (Object id : (Object[]) rs.getArray("categories").getArray()) {
                        categories.add(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
                    }
                    return new Known(rs.getBoolean("erased"), Set.copyOf(categories));
                })
                .single();
        if (held != null) {
            held.put(workspaceId, known);
        }
        return known;
    }

    public void workspaceDeleted(UUID workspaceId) {
        forget(workspaceId);
        jdbc.sql("INSERT INTO deleted_workspaces (workspace_id) VALUES (:workspaceId) ON CONFLICT DO NOTHING")
                .param("workspaceId", workspaceId)
                .update();
    }

    public void categoryDeleted(UUID workspaceId, UUID categoryId) {
        forget(workspaceId);
        jdbc.sql("""
                        INSERT INTO deleted_categories (workspace_id, category_id) VALUES (:workspaceId, :categoryId)
                        ON CONFLICT DO NOTHING
                        """)
                .param("workspaceId", workspaceId)
                .param("categoryId", categoryId)
                .update();
    }

    /** The facts this transaction read under its shared locks, or null outside a transaction. */
    @SuppressWarnings("unchecked")
    private Map<UUID, Known> heldInTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<UUID, Known> held = (Map<UUID, Known>) TransactionSynchronizationManager.getResource(this);
        if (held == null) {
            Map<UUID, Known> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            // Bound to this transaction only: a transaction started inside it (and holding none of its locks)
            // suspends it, and the facts with it.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DeletionFacts.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(DeletionFacts.this, fresh);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DeletionFacts.this);
                }
            });
            held = fresh;
        }
        return held;
    }

    private void forget(UUID workspaceId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(this) instanceof Map<?, ?> held) {
            held.remove(workspaceId);
        }
    }
}
