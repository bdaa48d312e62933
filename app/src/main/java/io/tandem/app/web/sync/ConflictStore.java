package io.tandem.app.web.sync;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.sync.SyncConflict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Conflicts a push held for manual resolution, and whether they were resolved. */
@Component
class ConflictStore {

    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {
    };

    /** A stored conflict and whether someone settled it already. */
    record Stored(SyncConflict conflict, boolean resolved) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    ConflictStore(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Holds a conflict raised by a client operation, once: when that operation raised one before (a retried push),
     * nothing is stored and the earlier conflict's id is answered.
     */
    Optional<UUID> save(UUID workspaceId, SyncConflict conflict, String operationId, UUID raisedBy) {
        boolean stored = jdbc.sql("""
                        INSERT INTO sync_conflicts (id, workspace_id, entity_type, entity_id, fields, server_value,
                                                    client_value, base_version, server_version, operation_id, raised_by)
                        VALUES (:id, :workspaceId, :entityType, :entityId, :fields, CAST(:serverValue AS jsonb),
                                CAST(:clientValue AS jsonb), :baseVersion, :serverVersion, :operationId, :raisedBy)
                        ON CONFLICT (workspace_id, operation_id) DO NOTHING
                        """)
                .param("id", conflict.conflictId())
                .param("workspaceId", workspaceId)
                .param("entityType", conflict.entityType())
                .param("entityId", conflict.entityId())
                .param("fields", conflict.fields().toArray(String[]::new))
                .param("serverValue", mapper.writeValueAsString(conflict.serverValue()))
                .param("clientValue", mapper.writeValueAsString(conflict.clientValue()))
                .param("baseVersion", conflict.baseVersion())
                .param("serverVersion", conflict.serverVersion())
                .param("operationId", operationId)
                .param("raisedBy", raisedBy)
                .update() == 1;
        return stored ? Optional.empty() : raisedBy(workspaceId, operationId);
    }

    /** The conflict a client operation raised, if it raised one. */
    Optional<UUID> raisedBy(UUID workspaceId, String operationId) {
        return jdbc.sql("SELECT id FROM sync_conflicts WHERE workspace_id = :workspaceId AND operation_id = :operationId")
                .param("workspaceId", workspaceId)
                .param("operationId", operationId)
                .query(UUID.class)
                .optional();
    }

    List<SyncConflict> pending(UUID workspaceId) {
        return jdbc.sql("SELECT * FROM sync_conflicts WHERE workspace_id = :workspaceId AND resolution IS NULL "
                        + "ORDER BY raised_at, id")
                .param("workspaceId", workspaceId)
                .query((rs, n) -> conflict(rs))
                .list();
    }

    Optional<Stored> find(UUID workspaceId, UUID conflictId) {
        return jdbc.sql("SELECT * FROM sync_conflicts WHERE workspace_id = :workspaceId AND id = :id")
                .param("workspaceId", workspaceId)
                .param("id", conflictId)
                .query((rs, n) -> new Stored(conflict(rs), rs.getString("resolution") != null))
                .optional();
    }

    /** Marks a pending conflict resolved; false when someone else resolved it first. */
    boolean resolve(UUID workspaceId, UUID conflictId, String resolution, UUID resolvedBy) {
        return jdbc.sql("""
                        UPDATE sync_conflicts SET resolution = :resolution, resolved_by = :resolvedBy, resolved_at = now()
                        WHERE workspace_id = :workspaceId AND id = :id AND resolution IS NULL
                        """)
                .param("resolution", resolution)
                .param("resolvedBy", resolvedBy)
                .param("workspaceId", workspaceId)
                .param("id", conflictId)
                .update() == 1;
    }

    private SyncConflict conflict(ResultSet rs) throws SQLException {
        Array fields = rs.getArray("fields");
        Long base = rs.getObject("base_version", Long.class);
        return new SyncConflict(rs.getObject("id", UUID.class), rs.getString("entity_type"),
                rs.getObject("entity_id", UUID.class), Arrays.asList((String[]) fields.getArray()),
                mapper.readValue(rs.getString("server_value"), VALUES), mapper.readValue(rs.getString("client_value"), VALUES),
                base, rs.getLong("server_version"));
    }
}
