package io.tandem.app.web.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.tandem.api.sync.SyncConflict;
import io.tandem.app.crypto.WorkspaceTexts;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Conflicts held in plain text by an earlier version: still read as they were, sealed at startup, or dropped. */
class ConflictStoreTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ConflictStore conflicts;

    @Autowired
    WorkspaceTexts texts;

    @Test
    void aPlainRowReadsAsItWasAndIsSealedInPlace() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Old conflicts");
        String marker = UUID.randomUUID().toString();
        UUID id = insertPlain(ws, marker);

        assertThat(conflicts.pending(ws)).singleElement()
                .satisfies(c -> assertThat(c.serverValue()).containsEntry("title", "server " + marker));

        conflicts.sealPlainRows();

        String stored = jdbc.sql("select server_value::text || client_value::text from sync_conflicts where id = :id")
                .param("id", id).query(String.class).single();
        assertThat(stored).doesNotContain(marker).doesNotContain("title");
        SyncConflict read = conflicts.find(ws, id).orElseThrow().conflict();
        assertThat(read.serverValue()).containsEntry("title", "server " + marker);
        assertThat(read.clientValue()).containsEntry("title", "client " + marker);
        assertThat(conflicts.sealPlainRows()).as("sealed once").isZero();
    }

    @Test
    void aPlainRowOfADeletedWorkspaceIsDroppedRatherThanSealed() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Gone");
        assertThat(api.delete("/api/v1/workspaces/" + ws, ann.token()).status()).isEqualTo(204);
        // Destroyed, and known to be by this replica's key cache (it forgets the key once the destruction commits).
        await().atMost(Duration.ofSeconds(20)).until(() -> texts.seal(ws, "probe", "probe").isEmpty());
        UUID id = insertPlain(ws, "left behind");

        conflicts.sealPlainRows();

        assertThat(jdbc.sql("select count(*) from sync_conflicts where id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    private UUID insertPlain(UUID ws, String marker) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO sync_conflicts (id, workspace_id, entity_type, entity_id, fields, server_value,
                                                    client_value, base_version, server_version, operation_id, raised_by)
                        VALUES (:id, :ws, 'task', :task, :fields, CAST(:server AS jsonb), CAST(:client AS jsonb), 1, 2,
                                :op, :by)
                        """)
                .param("id", id)
                .param("ws", ws)
                .param("task", UUID.randomUUID())
                .param("fields", List.of("title").toArray(String[]::new))
                .param("server", "{\"title\": \"server " + marker + "\"}")
                .param("client", "{\"title\": \"client " + marker + "\"}")
                .param("op", UUID.randomUUID().toString())
                .param("by", UUID.randomUUID())
                .update();
        return id;
    }
}
