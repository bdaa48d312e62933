package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two clients edit the same tasks offline, push, pull, and end up with the same tasks as the server. */
class SyncConvergenceTest extends ApiTestBase {

    private static final List<String> FIELDS = List.of("title", "description", "priority", "status", "completed",
            "tags", "version");

    @Test
    void twoOfflineClientsConvergeOnTheServersState() {
        TestUser ann = register("Ann");
        TestUser ben = register("Ben");
        UUID workspace = createWorkspace(ann, "Converge");
        invite(ann, workspace, ben, "member");
        SyncClient a = new SyncClient(api, workspace, ann.token());
        // Ben's edits are a minute later than Ann's, so who wins an overlap is known.
        SyncClient b = new SyncClient(api, workspace, ben.token()).clock(() -> System.currentTimeMillis() + 60_000);
        List<UUID> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(a.createTask(Map.of("title", "Task " + i, "description", "start")));
        }
        a.sync();
        b.pull();
        assertThat(b.tasks().keySet()).containsExactlyInAnyOrderElementsOf(tasks);

        // Offline: overlapping and disjoint edits, a completion, a delete, and a new task on each side.
        a.updateTask(tasks.get(0), Map.of("title", "A title 0"));
        a.updateTask(tasks.get(1), Map.of("title", "A title 1", "priority", "high"));
        a.updateTask(tasks.get(2), Map.of("completed", true));
        a.updateTask(tasks.get(3), Map.of("tags", List.of("a")));
        UUID fromA = a.createTask(Map.of("title", "New from A"));
        a.updateTask(fromA, Map.of("description", "made offline"));
        b.updateTask(tasks.get(0), Map.of("description", "B text 0"));
        b.updateTask(tasks.get(1), Map.of("title", "B title 1"));
        b.updateTask(tasks.get(2), Map.of("title", "B title 2"));
        b.updateTask(tasks.get(3), Map.of("tags", List.of("b", "c"), "priority", "low"));
        b.deleteTask(tasks.get(4));
        b.createTask(Map.of("title", "New from B", "priority", "low"));
        a.updateTask(tasks.get(5), Map.of("status", "in_progress"));

        assertThat(a.push()).extracting(r -> r.get("status").asString()).doesNotContain("rejected", "conflict");
        assertThat(b.push()).extracting(r -> r.get("status").asString()).doesNotContain("rejected", "conflict");
        a.pull();
        b.pull();
        a.pull();

        Map<UUID, Map<String, Object>> server = serverTasks(ann, workspace);
        assertThat(server).hasSize(7);
        assertThat(relevant(a.tasks())).isEqualTo(server);
        assertThat(relevant(b.tasks())).isEqualTo(server);
        // B edited later than A, so the overlapping title of task 1 is B's; disjoint fields joined.
        assertThat(server.get(tasks.get(1))).containsEntry("title", "B title 1").containsEntry("priority", "high");
        assertThat(server.get(tasks.get(0))).containsEntry("title", "A title 0").containsEntry("description", "B text 0");
        assertThat(server.get(tasks.get(2))).containsEntry("title", "B title 2").containsEntry("completed", true);
        assertThat(server).doesNotContainKey(tasks.get(4));
    }

    private Map<UUID, Map<String, Object>> serverTasks(TestUser user, UUID workspace) {
        JsonNode page = api.get("/api/v1/workspaces/" + workspace + "/tasks?size=200", user.token()).json();
        Map<UUID, Map<String, Object>> tasks = new TreeMap<>();
        for (JsonNode task : page.get("items")) {
            Map<String, Object> all = io.tandem.app.support.ApiClient.JSON.convertValue(task,
                    new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
                    });
            tasks.put(UUID.fromString(task.get("id").asString()), all);
        }
        return relevant(tasks);
    }

    private static Map<UUID, Map<String, Object>> relevant(Map<UUID, Map<String, Object>> tasks) {
        Map<UUID, Map<String, Object>> kept = new TreeMap<>();
        tasks.forEach((id, task) -> {
            Map<String, Object> fields = new TreeMap<>();
            FIELDS.forEach(field -> fields.put(field, task.get(field) instanceof Number n ? n.longValue() : task.get(field)));
            kept.put(id, fields);
        });
        return kept;
    }
}
