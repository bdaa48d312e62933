package io.tandem.app.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CategoryApiTest extends ApiTestBase {

    @Test
    void aCategoryIsCreatedListedUpdatedAndDeleted() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Home");
        String base = "/api/v1/workspaces/" + ws + "/categories";

        Response created = api.post(base, Map.of("name", "Errands", "color", "#FF8800"), ann.token());
        assertThat(created.status()).isEqualTo(201);
        JsonNode category = created.json();
        String id = category.get("id").asString();
        assertThat(created.header("Location")).isEqualTo(base + "/" + id);
        assertThat(category.get("name").asString()).isEqualTo("Errands");
        assertThat(category.get("color").asString()).isEqualTo("#FF8800");
        assertThat(category.get("workspaceId").asString()).isEqualTo(ws.toString());
        assertThat(category.get("createdBy").asString()).isEqualTo(ann.id().toString());
        assertThat(category.get("createdAt").isNull()).isFalse();

        Response updated = api.put(base + "/" + id, Map.of("name", "Chores"), ann.token());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asString()).isEqualTo("Chores");
        assertThat(updated.json().get("color").asString()).isEqualTo("#FF8800");

        Response list = api.get(base, ann.token());
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("name").asString()).isEqualTo("Chores");

        assertThat(api.delete(base + "/" + id, ann.token()).status()).isEqualTo(204);
        assertThat(api.get(base, ann.token()).json().get("total").asLong()).isZero();
        assertThat(api.put(base + "/" + id, Map.of("name", "Gone"), ann.token()).status()).isEqualTo(404);
    }

    @Test
    void categoryNamesAreUniqueIgnoringCase() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Home");
        String base = "/api/v1/workspaces/" + ws + "/categories";
        api.post(base, Map.of("name", "Work"), ann.token());

        Response dup = api.post(base, Map.of("name", "WORK"), ann.token());
        String other = api.post(base, Map.of("name", "Play"), ann.token()).json().get("id").asString();
        Response rename = api.put(base + "/" + other, Map.of("name", "work"), ann.token());

        assertThat(dup.status()).isEqualTo(409);
        assertThat(rename.status()).isEqualTo(409);
        assertThat(api.get(base, ann.token()).json().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void theSameNameMayExistInAnotherWorkspace() {
        TestUser ann = register("Ann");
        UUID one = createWorkspace(ann, "One");
        UUID two = createWorkspace(ann, "Two");
        assertThat(api.post("/api/v1/workspaces/" + one + "/categories", Map.of("name", "Work"), ann.token()).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/workspaces/" + two + "/categories", Map.of("name", "Work"), ann.token()).status()).isEqualTo(201);
    }

    @Test
    void aColourMustBeHashRrggbb() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Home");
        Response r = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Bad", "color", "red"), ann.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("color");
    }

    @Test
    void deletingACategoryKeepsItsTasksWithoutACategory() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Home");
        String category = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Temp"), ann.token())
                .json().get("id").asString();
        String task = createTask(ann, ws, Map.of("title", "Keep me", "categoryId", category)).get("id").asString();

        api.delete("/api/v1/workspaces/" + ws + "/categories/" + category, ann.token());

        org.awaitility.Awaitility.await().untilAsserted(() -> {
            Response r = api.get("/api/v1/workspaces/" + ws + "/tasks/" + task, ann.token());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("categoryId").isNull()).isTrue();
        });
    }
}
