package io.tandem.app.web.sync;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The answers given to applied client operations, keyed by workspace and operation id. Written in the transaction
 * that wrote the operation's events, so "was it applied?" and "is it recorded?" can never disagree.
 */
@Component
class PushLedger {

    /** What was answered for an operation the first time. */
    record Entry(String status, String entityType, UUID entityId, long version, UUID conflictId) {
    }

    private final JdbcClient jdbc;

    PushLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Entry> find(UUID workspaceId, String operationId) {
        return jdbc.sql("""
                        SELECT status, entity_type, entity_id, version, conflict_id FROM sync_push_results
                        WHERE workspace_id = :workspaceId AND operation_id = :operationId
                        """)
                .param("workspaceId", workspaceId)
                .param("operationId", operationId)
                .query((rs, n) -> new Entry(rs.getString("status"), rs.getString("entity_type"),
                        rs.getObject("entity_id", UUID.class), rs.getLong("version"),
                        rs.getObject("conflict_id", UUID.class)))
                .optional();
    }

    /** Fails with a duplicate key when a concurrent push recorded the same operation first. */
    void record(UUID workspaceId, String operationId, UUID userId, Entry entry) {
        jdbc.sql("""
                        INSERT INTO sync_push_results (workspace_id, operation_id, status, entity_type, entity_id,
                                                       version, conflict_id, user_id)
                        VALUES (:workspaceId, :operationId, :status, :entityType, :entityId, :version, :conflictId, :userId)
                        """)
                .param("workspaceId", workspaceId)
                .param("operationId", operationId)
                .param("status", entry.status())
                .param("entityType", entry.entityType())
                .param("entityId", entry.entityId())
                .param("version", entry.version())
                .param("conflictId", entry.conflictId())
                .param("userId", userId)
                .update();
    }
}
