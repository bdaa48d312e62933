package io.tandem.app.web.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.api.sync.SyncConflict;
import io.tandem.app.crypto.WorkspaceTexts;
import io.tandem.app.problem.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Conflicts a push held for manual resolution, and whether they were resolved. Their values are task text, so they
 * are kept sealed under the workspace's data key (a JSON string in the jsonb columns, where rows written before
 * sealing hold the plain JSON object) and read as {@code "[erased]"} once the workspace is deleted, which also
 * purges them ({@link ConflictPurge}).
 */
@Component
class ConflictStore {

    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {
    };

    /** A stored conflict and whether someone settled it already. */
    record Stored(SyncConflict conflict, boolean resolved) {
    }

    private static final String SERVER_VALUE = "server_value";
    private static final String CLIENT_VALUE = "client_value";

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final WorkspaceTexts texts;

    ConflictStore(JdbcClient jdbc, ObjectMapper mapper, WorkspaceTexts texts) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.texts = texts;
    }

    /**
     * Holds a conflict raised by a client operation, once: when that operation raised one before (a retried push),
     * nothing is stored and the earlier conflict is answered, with whether it was resolved since.
     */
    Optional<Stored> save(UUID workspaceId, SyncConflict conflict, String operationId, UUID raisedBy) {
        String serverValue = sealed(workspaceId, conflict.conflictId(), SERVER_VALUE, conflict.serverValue())
                .orElseThrow(ConflictStore::workspaceDeleted);
        String clientValue = sealed(workspaceId, conflict.conflictId(), CLIENT_VALUE, conflict.clientValue())
                .orElseThrow(ConflictStore::workspaceDeleted);
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
                .param("serverValue", serverValue)
                .param("clientValue", clientValue)
                .param("baseVersion", conflict.baseVersion())
                .param("serverVersion", conflict.serverVersion())
                .param("operationId", operationId)
                .param("raisedBy", raisedBy)
                .update() == 1;
        if (stored) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM sync_conflicts WHERE workspace_id = :workspaceId AND operation_id = :operationId")
                .param("workspaceId", workspaceId)
                .param("operationId", operationId)
                .query((rs, n) -> new Stored(conflict(rs), rs.getString("resolution") != null))
                .optional();
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

    /**
     * Seals the values of conflicts held before they were kept sealed, and drops those of deleted workspaces;
     * answers how many rows it sealed. Safe to run on several replicas at once: a row is sealed only while plain.
     */
    int sealPlainRows() {
        List<Map<String, Object>> plain = jdbc.sql("""
                        SELECT id, workspace_id, server_value::text AS server_value, client_value::text AS client_value
                          FROM sync_conflicts
                         WHERE jsonb_typeof(server_value) = 'object' OR jsonb_typeof(client_value) = 'object'
                        """)
                .query().listOfRows();
        int sealed = 0;
        for (Map<String, Object> row : plain) {
            UUID id = (UUID) row.get("id");
            UUID workspaceId = (UUID) row.get("workspace_id");
            Optional<String> serverValue = resealed(workspaceId, id, SERVER_VALUE, (String) row.get(SERVER_VALUE));
            Optional<String> clientValue = resealed(workspaceId, id, CLIENT_VALUE, (String) row.get(CLIENT_VALUE));
            if (serverValue.isEmpty() || clientValue.isEmpty()) {
                // The workspace was deleted: nothing is left the conflict may be kept for.
                jdbc.sql("DELETE FROM sync_conflicts WHERE id = :id").param("id", id).update();
                continue;
            }
            sealed += jdbc.sql("""
                            UPDATE sync_conflicts SET server_value = CAST(:serverValue AS jsonb),
                                                      client_value = CAST(:clientValue AS jsonb)
                             WHERE id = :id AND server_value::text = :oldServer AND client_value::text = :oldClient
                            """)
                    .param("serverValue", serverValue.get())
                    .param("clientValue", clientValue.get())
                    .param("id", id)
                    .param("oldServer", row.get(SERVER_VALUE))
                    .param("oldClient", row.get(CLIENT_VALUE))
                    .update();
        }
        return sealed;
    }

    /** Forgets every conflict of a deleted workspace; answers how many there were. */
    int purge(UUID workspaceId) {
        return jdbc.sql("DELETE FROM sync_conflicts WHERE workspace_id = :workspaceId")
                .param("workspaceId", workspaceId)
                .update();
    }

    private SyncConflict conflict(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<String> fields = Arrays.asList((String[]) rs.getArray("fields").getArray());
        Long base = rs.getObject("base_version", Long.class);
        return new SyncConflict(id, rs.getString("entity_type"), rs.getObject("entity_id", UUID.class), fields,
                opened(id, SERVER_VALUE, fields, rs.getString(SERVER_VALUE)),
                opened(id, CLIENT_VALUE, fields, rs.getString(CLIENT_VALUE)),
                base, rs.getLong("server_version"));
    }

    /** The value as jsonb text, a JSON string holding the sealed JSON of the map; empty once the key is gone. */
    private Optional<String> sealed(UUID workspaceId, UUID conflictId, String column, Map<String, Object> value) {
        return texts.seal(workspaceId, purpose(conflictId, column), mapper.writeValueAsString(value))
                .map(mapper::writeValueAsString);
    }

    private static ApiException workspaceDeleted() {
        return ApiException.notFound("The workspace was deleted");
    }

    private Optional<String> resealed(UUID workspaceId, UUID conflictId, String column, String stored) {
        JsonNode node = mapper.readTree(stored);
        return node.isString() ? Optional.of(stored)
                : sealed(workspaceId, conflictId, column, mapper.convertValue(node, VALUES));
    }

    private Map<String, Object> opened(UUID conflictId, String column, List<String> fields, String stored) {
        JsonNode node = mapper.readTree(stored);
        if (!node.isString()) {
            return mapper.convertValue(node, VALUES);
        }
        String plain = texts.open(purpose(conflictId, column), node.asString());
        if (Sensitive.ERASED.equals(plain)) {
            Map<String, Object> erased = new LinkedHashMap<>();
            fields.forEach(field -> erased.put(field, Sensitive.ERASED));
            return erased;
        }
        return mapper.readValue(plain, VALUES);
    }

    /** Binds a sealed value to its row and column, so that it opens nowhere else. */
    private static String purpose(UUID conflictId, String column) {
        return "sync-conflict:" + conflictId + ":" + column;
    }
}
