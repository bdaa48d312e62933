package io.tandem.app.web.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Importing a local-only client's data: item-by-item validation, kept ids, repeatability, size. */
class ImportApiTest extends ApiTestBase {

    private final String work = UUID.randomUUID().toString();
    private final String home = UUID.randomUUID().toString();
    private final String done = UUID.randomUUID().toString();
    private final String started = UUID.randomUUID().toString();

    @Test
    void badItemsAreReportedAndTheRestImportedWithTheirIds() {
        TestUser owner = register("Importer");
        UUID ws = createWorkspace(owner, "Imported");

        JsonNode result = importData(owner, ws, mixedBatch());

        assertThat(result.get("imported").get("categories").asInt()).isEqualTo(2);
        assertThat(result.get("imported").get("tasks").asInt()).isEqualTo(2);
        assertThat(result.get("skipped").size()).isZero();
        Map<String, String> errors = new LinkedHashMap<>();
        result.get("errors").forEach(e -> errors.put(e.get("entityType").asString() + "[" + e.get("index").asInt() + "]."
                + e.get("field").asString(), e.get("message").asString()));
        assertThat(errors).containsOnlyKeys("category[2].color", "category[3].id", "category[4].name",
                "task[1].title", "task[2].colour", "task[3].categoryId", "task[4].priority", "task[5].id",
                "task[6].assignedTo", "task[7].id");
        assertThat(errors.get("category[4].name")).contains("exists");
        assertThat(result.get("errors").get(0).get("entityType").asString()).isEqualTo("category");

        String tasks = "/api/v1/workspaces/" + ws + "/tasks";
        JsonNode list = api.get(tasks + "?sort=createdAt", owner.token()).json();
        assertThat(list.get("total").asInt()).as("readable at once, without waiting").isEqualTo(2);
        JsonNode finished = api.get(tasks + "/" + done, owner.token()).json();
        assertThat(finished.get("title").asString()).isEqualTo("Done offline");
        assertThat(finished.get("completed").asBoolean()).isTrue();
        assertThat(finished.get("status").asString()).isEqualTo("done");
        assertThat(finished.get("completedAt").isNull()).isFalse();
        assertThat(finished.get("priority").asString()).isEqualTo("high");
        assertThat(finished.get("categoryId").asString()).isEqualTo(work);
        assertThat(finished.get("tags").toString()).isEqualTo("[\"offline\",\"pwa\"]");
        assertThat(finished.get("dueDate").asString()).isEqualTo("2027-03-01T09:00:00Z");
        assertThat(finished.get("createdBy").asString()).isEqualTo(owner.id().toString());
        JsonNode inProgress = api.get(tasks + "/" + started, owner.token()).json();
        assertThat(inProgress.get("status").asString()).isEqualTo("in_progress");
        assertThat(inProgress.get("completed").asBoolean()).isFalse();
        assertThat(inProgress.get("categoryId").asString()).as("a category that existed before the import").isEqualTo(home);
        JsonNode categories = api.get("/api/v1/workspaces/" + ws + "/categories", owner.token()).json();
        Set<String> ids = new HashSet<>();
        categories.get("items").forEach(c -> ids.add(c.get("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(work, home);

        JsonNode history = api.get(tasks + "/" + done + "/history", owner.token()).json();
        assertThat(history.get(0).get("metadata").get("userId").asString()).isEqualTo(owner.id().toString());
        assertThat(history.get(0).get("metadata").get("correlationId").asString()).isNotBlank();
    }

    @Test
    void importingTheSameDataAgainCreatesNothingAndSaysWhatItSkipped() {
        TestUser owner = register("Repeater");
        UUID ws = createWorkspace(owner, "Twice");
        JsonNode first = importData(owner, ws, mixedBatch());

        JsonNode second = importData(owner, ws, mixedBatch());

        assertThat(second.get("imported").get("tasks").asInt()).isZero();
        assertThat(second.get("imported").get("categories").asInt()).isZero();
        Set<String> skipped = new HashSet<>();
        second.get("skipped").forEach(s -> skipped.add(s.get("entityType").asString() + ":" + s.get("id").asString()));
        assertThat(skipped).containsExactlyInAnyOrder("category:" + work, "category:" + home, "task:" + done, "task:" + started);
        assertThat(problems(second)).as("the bad items are still bad, and said so again").isEqualTo(problems(first))
                .hasSize(10);
        assertThat(api.get("/api/v1/workspaces/" + ws + "/tasks", owner.token()).json().get("total").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/workspaces/" + ws + "/categories", owner.token()).json().get("total").asInt()).isEqualTo(2);

        UUID other = createWorkspace(owner, "Other");
        JsonNode foreign = importData(owner, other, Map.of("tasks", List.of(Map.of("id", done, "title", "Same id"))));
        assertThat(foreign.get("imported").get("tasks").asInt()).isZero();
        assertThat(foreign.get("errors").get(0).get("field").asString()).as("another workspace's task is never touched")
                .isEqualTo("id");
        assertThat(api.get("/api/v1/workspaces/" + ws + "/tasks/" + done, owner.token()).json().get("title").asString())
                .isEqualTo("Done offline");
    }

    @Test
    void tenThousandTasksImportInOneRequest() {
        TestUser owner = register("Bulk");
        UUID ws = createWorkspace(owner, "Bulk");
        String category = UUID.randomUUID().toString();
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> task = new HashMap<>();
            task.put("id", UUID.randomUUID().toString());
            task.put("title", "Bulk task " + i);
            task.put("description", "Imported from the PWA, number " + i);
            task.put("priority", List.of("low", "medium", "high").get(i % 3));
            task.put("tags", List.of("bulk", "t" + (i % 10)));
            task.put("completed", i % 4 == 0);
            if (i % 5 == 0) {
                task.put("categoryId", category);
            }
            tasks.add(task);
        }
        Map<String, Object> body = Map.of("categories", List.of(Map.of("id", category, "name", "Bulk", "color", "#00AA00")),
                "tasks", tasks);

        JsonNode result = importData(owner, ws, body);

        assertThat(result.get("imported").get("tasks").asInt()).isEqualTo(10_000);
        assertThat(result.get("errors").size()).isZero();
        String list = "/api/v1/workspaces/" + ws + "/tasks";
        assertThat(api.get(list + "?size=1", owner.token()).json().get("total").asInt()).isEqualTo(10_000);
        assertThat(api.get(list + "?size=1&completed=true", owner.token()).json().get("total").asInt()).isEqualTo(2_500);
        assertThat(api.get(list + "?size=1&categoryId=" + category, owner.token()).json().get("total").asInt()).isEqualTo(2_000);
    }

    @Test
    void membersImportViewersAuditorsAndStrangersDoNot() {
        TestUser owner = register("Owner");
        TestUser member = register("Member");
        TestUser viewer = register("Viewer");
        TestUser stranger = register("Stranger");
        UUID ws = createWorkspace(owner, "Who imports");
        invite(owner, ws, member, "member");
        invite(owner, ws, viewer, "viewer");
        Map<String, Object> body = Map.of("tasks", List.of(Map.of("id", UUID.randomUUID().toString(), "title", "Mine")));
        String path = "/api/v1/workspaces/" + ws + "/import";

        assertThat(api.post(path, body, viewer.token()).status()).isEqualTo(403);
        assertThat(api.post(path, body, stranger.token()).status()).isEqualTo(404);
        assertThat(api.post(path, body, null).status()).isEqualTo(401);
        assertThat(importData(member, ws, body).get("imported").get("tasks").asInt()).isEqualTo(1);
        assertThat(api.post(path, Map.of("task", List.of()), member.token()).status()).as("unknown top-level field").isEqualTo(400);
        assertThat(api.post(path, Map.of("tasks", "none"), member.token()).status()).isEqualTo(400);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 20_001; i++) {
            tooMany.add(Map.of());
        }
        assertThat(api.post(path, Map.of("tasks", tooMany), member.token()).status()).isEqualTo(413);
    }

    /** Categories 0-1 and tasks 0 and 8 are good; every other item is wrong in one way. */
    private Map<String, Object> mixedBatch() {
        List<Object> categories = List.of(
                Map.of("id", work, "name", "Work", "color", "#336699"),
                Map.of("id", home, "name", "Home", "createdAt", "2025-01-01T00:00:00Z"),
                Map.of("id", UUID.randomUUID().toString(), "name", "Bad colour", "color", "blue"),
                Map.of("name", "No id"),
                Map.of("id", UUID.randomUUID().toString(), "name", "WORK"));
        Map<String, Object> good = new HashMap<>();
        good.put("id", done);
        good.put("title", "Done offline");
        good.put("completed", true);
        good.put("priority", "high");
        good.put("categoryId", work);
        good.put("tags", List.of("offline", "pwa"));
        good.put("dueDate", "2027-03-01T09:00:00Z");
        good.put("createdAt", "2025-02-01T00:00:00Z");
        List<Object> tasks = List.of(
                good,
                Map.of("id", UUID.randomUUID().toString(), "title", ""),
                Map.of("id", UUID.randomUUID().toString(), "title", "Typo", "colour", "red"),
                Map.of("id", UUID.randomUUID().toString(), "title", "Nowhere", "categoryId", UUID.randomUUID().toString()),
                Map.of("id", UUID.randomUUID().toString(), "title", "Urgent", "priority", "urgent"),
                Map.of("title", "No id"),
                Map.of("id", UUID.randomUUID().toString(), "title", "Stranger's", "assignedTo", UUID.randomUUID().toString()),
                Map.of("id", done, "title", "Twice in one import"),
                Map.of("id", started, "title", "Started offline", "status", "in_progress", "categoryId", home));
        return Map.of("categories", categories, "tasks", tasks);
    }

    /** Each error without its id (the batch makes new ids for its bad items each time). */
    private static List<String> problems(JsonNode result) {
        List<String> problems = new ArrayList<>();
        result.get("errors").forEach(e -> problems.add(e.get("entityType").asString() + "[" + e.get("index").asInt()
                + "]." + e.get("field").asString() + ": " + e.get("message").asString()));
        return problems;
    }

    private JsonNode importData(TestUser user, UUID ws, Object body) {
        Response r = api.request("POST", "/api/v1/workspaces/" + ws + "/import").token(user.token()).json(body)
                .timeout(Duration.ofMinutes(3)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
