package io.tandem.app.web.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task's references cannot be forged and its ids cannot be squatted: a parent is a task of the same workspace on
 * every way in, an id taken anywhere answers the same, and a series' next id is nobody's to know in advance.
 */
class TaskReferencesTest extends ApiTestBase {

    @Test
    void aParentMustBeATaskOfTheSameWorkspaceOnCreateAndUpdate() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID mine = createWorkspace(ann, "Mine");
        UUID theirs = createWorkspace(bob, "Theirs");
        String parent = createTask(ann, mine, Map.of("title", "Parent")).get("id").asString();
        String foreign = createTask(bob, theirs, Map.of("title", "Foreign")).get("id").asString();

        for (String bad : List.of(foreign, UUID.randomUUID().toString())) {
            ApiClient.Response r = api.post(tasks(mine), Map.of("title", "Child", "parentTaskId", bad), ann.token());
            assertParentRefused(r);
        }
        UUID self = UUID.randomUUID();
        assertParentRefused(api.post(tasks(mine), Map.of("id", self.toString(), "title", "Own parent",
                "parentTaskId", self.toString()), ann.token()));

        JsonNode child = createTask(ann, mine, Map.of("title", "Child", "parentTaskId", parent));
        assertThat(child.get("parentTaskId").asString()).isEqualTo(parent);
        String childPath = tasks(mine) + "/" + child.get("id").asString();
        assertParentRefused(api.put(childPath, Map.of("parentTaskId", foreign), ann.token()));
        ApiClient.Response echoed = api.put(childPath, Map.of("title", "Child, renamed", "parentTaskId", parent),
                ann.token());
        assertThat(echoed.status()).as("%s", echoed).isEqualTo(200);
        assertThat(echoed.json().get("parentTaskId").asString()).isEqualTo(parent);
    }

    @Test
    void aPushedOrImportedParentMustBeATaskOfTheWorkspaceOrOfTheSameRequest() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID mine = createWorkspace(ann, "Mine");
        UUID theirs = createWorkspace(bob, "Theirs");
        String foreign = createTask(bob, theirs, Map.of("title", "Foreign")).get("id").asString();

        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID forged = UUID.randomUUID();
        ApiClient.Response pushed = api.post("/api/v1/workspaces/" + mine + "/sync/push", Map.of("operations", List.of(
                create(first, Map.of("title", "Template")),
                create(second, Map.of("title", "Instance", "parentTaskId", first.toString())),
                create(forged, Map.of("title", "Forged", "parentTaskId", foreign)))), ann.token());
        assertThat(pushed.status()).as("%s", pushed).isEqualTo(200);
        JsonNode results = pushed.json().get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("applied");
        assertThat(results.get(1).get("status").asString()).as("%s", results).isEqualTo("applied");
        assertThat(results.get(2).get("status").asString()).isEqualTo("rejected");
        assertThat(results.get(2).get("error").asString()).contains("parentTaskId");
        assertThat(api.get(tasks(mine) + "/" + forged, ann.token()).status()).isEqualTo(404);

        UUID importedParent = UUID.randomUUID();
        UUID importedChild = UUID.randomUUID();
        UUID importedForged = UUID.randomUUID();
        ApiClient.Response imported = api.post("/api/v1/workspaces/" + mine + "/import", Map.of("tasks", List.of(
                Map.of("id", importedChild.toString(), "title", "Child first", "parentTaskId", importedParent.toString()),
                Map.of("id", importedParent.toString(), "title", "Parent second"),
                Map.of("id", importedForged.toString(), "title", "Forged", "parentTaskId", foreign))), ann.token());
        assertThat(imported.status()).as("%s", imported).isIn(200, 201);
        assertThat(imported.json().get("imported").get("tasks").asInt()).isEqualTo(2);
        JsonNode error = imported.json().get("errors").get(0);
        assertThat(error.get("id").asString()).isEqualTo(importedForged.toString());
        assertThat(error.get("field").asString()).isEqualTo("parentTaskId");
        assertThat(api.get(tasks(mine) + "/" + importedChild, ann.token()).json().get("parentTaskId").asString())
                .isEqualTo(importedParent.toString());
    }

    @Test
    void anIdTakenInAnotherWorkspaceAnswersExactlyAsOneTakenInOnesOwn() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID mine = createWorkspace(ann, "Mine");
        UUID theirs = createWorkspace(bob, "Theirs");
        String own = createTask(ann, mine, Map.of("title", "Own")).get("id").asString();
        String foreign = createTask(bob, theirs, Map.of("title", "Foreign")).get("id").asString();
        String deleted = createTask(ann, mine, Map.of("title", "Gone")).get("id").asString();
        assertThat(api.delete(tasks(mine) + "/" + deleted, ann.token()).status()).isEqualTo(204);

        List<ApiClient.Response> answers = List.of(own, foreign, deleted).stream()
                .map(id -> api.post(tasks(mine), Map.of("id", id, "title", "Squat"), ann.token())).toList();
        JsonNode first = answers.get(0).json();
        assertThat(answers.get(0).status()).isEqualTo(409);
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).isEqualTo(409);
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(answer.json().get(field)).as(field).isEqualTo(first.get(field));
            }
            assertThat(answer.text()).doesNotContain("Foreign").doesNotContain(theirs.toString());
        }
    }

    @Test
    void aSeriesNextIdCannotBeComputedAheadAndSoCannotBeTakenFirst() {
        TestUser ann = register("Ann");
        TestUser mallory = register("Mallory");
        UUID mine = createWorkspace(ann, "Mine");
        UUID hers = createWorkspace(mallory, "Hers");
        JsonNode template = createTask(ann, mine, Map.of("title", "Water plants", "isRecurring", true,
                "recurringConfig", Map.of("frequency", "daily", "interval", 1)));
        String templateId = template.get("id").asString();
        // What the id of the next occurrence used to be: anyone who saw the template could create it first.
        UUID derivable = UUID.nameUUIDFromBytes((templateId + ":2").getBytes(StandardCharsets.UTF_8));
        assertThat(api.post(tasks(hers), Map.of("id", derivable.toString(), "title", "Squat"), mallory.token())
                .status()).isEqualTo(201);

        ApiClient.Response completed = api.post(tasks(mine) + "/" + templateId + "/complete", Map.of(), ann.token());
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
        JsonNode next = org.awaitility.Awaitility.await().until(() -> api.get(tasks(mine) + "?size=200", ann.token())
                .json().get("items"), items -> {
                    for (JsonNode item : items) {
                        if (templateId.equals(item.path("parentTaskId").asString(null))) {
                            return true;
                        }
                    }
                    return false;
                });
        assertThat(next.toString()).doesNotContain(derivable.toString());
    }

    private static Map<String, Object> create(UUID id, Map<String, Object> data) {
        Map<String, Object> op = new HashMap<>();
        op.put("id", UUID.randomUUID().toString());
        op.put("type", "create");
        op.put("entityType", "task");
        op.put("entityId", id.toString());
        op.put("data", data);
        op.put("baseVersion", null);
        op.put("timestamp", System.currentTimeMillis());
        return op;
    }

    private static void assertParentRefused(ApiClient.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("parentTaskId");
    }

    private static String tasks(UUID workspace) {
        return "/api/v1/workspaces/" + workspace + "/tasks";
    }
}
