package io.tandem.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestDependencies;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Tags, category names, workspace names and held conflicts are ciphertext wherever they are stored, plaintext to
 * their readers, and erased with their workspace: in the event store, the stored copies of sync_log and audit_log,
 * and the conflict table.
 */
class ErasureWithoutGapsTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    /** The events' own database in the split-store run, the main one otherwise. */
    private final JdbcClient events = JdbcClient.create(new DriverManagerDataSource(
            TestDependencies.eventStoreJdbcUrl(), TestDependencies.username(), TestDependencies.password()));

    @Test
    void noStoredCopyRevealsTagsNamesOrConflictValuesAndDeletionErasesThemFromTheHistory() {
        String marker = UUID.randomUUID().toString();
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Ledger " + marker);
        invite(ann, ws, bob, "member");
        String path = "/api/v1/workspaces/" + ws;
        ok(api.put(path, Map.of("name", "Books " + marker,
                "settings", Map.of("conflictStrategy", "manual", "preserveFields", List.of())), ann.token()));
        Response category = api.post(path + "/categories", Map.of("name", "Taxes " + marker), ann.token());
        assertThat(category.status()).as(category.toString()).isEqualTo(201);
        String categoryId = category.json().get("id").asString();
        ok(api.put(path + "/categories/" + categoryId, Map.of("name", "Fines " + marker), ann.token()));
        UUID task = UUID.randomUUID();
        assertThat(push(ann, ws, "create", task, Map.of("title", "Pay", "tags", List.of("debt-" + marker, "plain")),
                null, 1000).get("status").asString()).isEqualTo("applied");
        assertThat(push(ann, ws, "update", task, Map.of("tags", List.of("owed-" + marker)), 1L, 2000)
                .get("version").asLong()).isEqualTo(2);
        JsonNode held = push(bob, ws, "update", task, Map.of("tags", List.of("bob-" + marker)), 1L, 3000);
        assertThat(held.get("status").asString()).isEqualTo("conflict");

        JsonNode status = api.get(path + "/sync/status", bob.token()).json();
        JsonNode conflict = status.get("pendingConflicts").get(0);
        assertThat(conflict.get("serverValue").get("tags").get(0).asString()).isEqualTo("owed-" + marker);
        assertThat(conflict.get("clientValue").get("tags").get(0).asString()).isEqualTo("bob-" + marker);
        JsonNode read = api.get(path + "/tasks/" + task, ann.token()).json();
        assertThat(read.get("tags").get(0).asString()).isEqualTo("owed-" + marker);
        assertThat(api.get(path, ann.token()).json().get("name").asString()).isEqualTo("Books " + marker);

        // Every stored copy is written; none of them holds the marker, and the sealed fields are there.
        List<String> stored = events.sql("select convert_from(payload, 'UTF8') from domain_event_entry "
                        + "where aggregate_identifier in (:ids)")
                .param("ids", List.of(ws.toString(), task.toString())).query(String.class).list();
        assertThat(stored).hasSize(8);
        assertThat(stored).noneMatch(p -> p.contains(marker));
        assertThat(stored.stream().filter(p -> p.contains("\"$enc\":\"v1:"))).hasSize(6);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(copies("sync_log", ws)).hasSize(8);
            assertThat(copies("audit_log", ws)).hasSize(8);
        });
        assertThat(copies("sync_log", ws)).noneMatch(p -> p.contains(marker));
        assertThat(copies("audit_log", ws)).noneMatch(p -> p.contains(marker));
        List<String> conflicts = jdbc.sql("select server_value::text || client_value::text from sync_conflicts "
                + "where workspace_id = :ws").param("ws", ws).query(String.class).list();
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0)).doesNotContain(marker).doesNotContain("tags");

        assertThat(api.delete(path, ann.token()).status()).isEqualTo(204);

        TestUser auditor = auditor();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(jdbc.sql("select count(*) from sync_conflicts where workspace_id = :ws").param("ws", ws)
                    .query(Long.class).single()).as("held conflicts go with their workspace").isZero();
            Map<String, List<JsonNode>> history = history(auditor, ws);
            assertThat(history.get("WorkspaceCreatedEvent").get(0).get("name").asString()).isEqualTo(Sensitive.ERASED);
            assertThat(history.get("WorkspaceUpdatedEvent").get(0).get("name").asString()).isEqualTo(Sensitive.ERASED);
            assertThat(history.get("CategoryCreatedEvent").get(0).get("name").asString()).isEqualTo(Sensitive.ERASED);
            assertThat(history.get("CategoryUpdatedEvent").get(0).get("name").asString()).isEqualTo(Sensitive.ERASED);
            assertThat(strings(history.get("TaskCreatedEvent").get(0).get("tags")))
                    .containsExactly(Sensitive.ERASED, Sensitive.ERASED);
            assertThat(strings(history.get("TaskFieldsChangedEvent").get(0).get("changes").get("tags")))
                    .containsExactly(Sensitive.ERASED);
        });
        assertThat(api.get(path, ann.token()).status()).isEqualTo(404);
        assertThat(jdbc.sql("select name from workspaces where id = :ws").param("ws", ws).query(String.class).single())
                .isEqualTo(Sensitive.ERASED);
    }

    @Test
    void eventsStoredBeforeTheseFieldsWereSealedReadAsTheyWere() {
        UUID ws = UUID.randomUUID();
        TaskCreatedEvent task = read(TaskCreatedEvent.class, """
                {"taskId":"%s","workspaceId":"%s","createdBy":"%s","title":"Old title","description":null,
                 "priority":"medium","categoryId":null,"tags":["old","tags"],"assignedTo":null,"dueDate":null,
                 "recurring":false,"recurringConfig":null,"template":false,"parentTaskId":null,"status":"todo",
                 "position":null,"completed":false,"completedAt":null,"occurrence":1}
                """.formatted(UUID.randomUUID(), ws, UUID.randomUUID()));
        assertThat(task.tags()).containsExactly("old", "tags");
        assertThat(task.title()).isEqualTo("Old title");

        CategoryCreatedEvent category = read(CategoryCreatedEvent.class, """
                {"workspaceId":"%s","categoryId":"%s","name":"Old category","color":null,"createdBy":"%s"}
                """.formatted(ws, UUID.randomUUID(), UUID.randomUUID()));
        assertThat(category.name()).isEqualTo("Old category");

        WorkspaceUpdatedEvent renamed = read(WorkspaceUpdatedEvent.class, """
                {"workspaceId":"%s","name":"Old name","plan":"free",
                 "settings":{"conflictStrategy":"field_level_merge","preserveFields":[]}}
                """.formatted(ws));
        assertThat(renamed.name()).isEqualTo("Old name");
    }

    @Test
    void aListMayMixSealedElementsWithPlainOnes() {
        UUID ws = UUID.randomUUID();
        TaskFieldsChangedEvent written = new TaskFieldsChangedEvent(UUID.randomUUID(), ws,
                new TaskChanges(Set.of(TaskField.TAGS), null, null, null, null, List.of("secret", "more"), null, null,
                        null, null, null, null, null, null));
        String json = new String(eventSerializer.serialize(written, byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("secret").doesNotContain("more");
        String mixed = json.replaceFirst("\"tags\":\\[", "\"tags\":[\"plain\",");

        TaskFieldsChangedEvent back = read(TaskFieldsChangedEvent.class, mixed);

        assertThat(back.changes().tags()).containsExactly("plain", "secret", "more");
    }

    private <T> T read(Class<T> type, String json) {
        return eventSerializer.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8),
                byte[].class, eventSerializer.typeForClass(type)));
    }

    private List<String> copies(String table, UUID ws) {
        return jdbc.sql("select convert_from(payload, 'UTF8') from " + table
                        + " where workspace_id = :ws and payload is not null")
                .param("ws", ws).query(String.class).list();
    }

    /** The workspace's history as the auditor reads it, payloads by event type, oldest first. */
    private Map<String, List<JsonNode>> history(TestUser auditor, UUID ws) {
        Response r = api.get("/api/v1/audit/events?limit=1000&workspaceId=" + ws, auditor.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, List<JsonNode>> byType = new LinkedHashMap<>();
        r.json().get("items").forEach(item -> byType.computeIfAbsent(item.get("eventType").asString(),
                t -> new ArrayList<>()).add(item.get("payload")));
        return byType;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static void ok(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private JsonNode push(TestUser user, UUID ws, String type, UUID taskId, Map<String, Object> data, Long base,
                          long timestamp) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", UUID.randomUUID().toString());
        op.put("type", type);
        op.put("entityType", "task");
        op.put("entityId", taskId.toString());
        op.put("data", data);
        op.put("baseVersion", base);
        op.put("timestamp", timestamp);
        Response r = api.post("/api/v1/workspaces/" + ws + "/sync/push", Map.of("operations", List.of(op)),
                user.token());
        assertThat(r.status()).as("push: %s", r).isEqualTo(200);
        return r.json().get("results").get(0);
    }
}
