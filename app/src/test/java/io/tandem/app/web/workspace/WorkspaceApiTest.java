package io.tandem.app.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkspaceApiTest extends ApiTestBase {

    @Test
    void creatingAWorkspaceMakesTheCallerItsOwner() {
        TestUser ann = register("Ann");
        Response r = api.post("/api/v1/workspaces", Map.of("name", "  Home  ", "plan", "free",
                "settings", Map.of("conflictStrategy", "manual", "preserveFields", List.of("title"))), ann.token());

        assertThat(r.status()).isEqualTo(201);
        JsonNode ws = r.json();
        assertThat(r.header("Location")).isEqualTo("/api/v1/workspaces/" + ws.get("id").asString());
        assertThat(ws.get("name").asString()).isEqualTo("Home");
        assertThat(ws.get("plan").asString()).isEqualTo("free");
        assertThat(ws.get("role").asString()).isEqualTo("owner");
        assertThat(ws.get("ownerId").asString()).isEqualTo(ann.id().toString());
        assertThat(ws.get("settings").get("conflictStrategy").asString()).isEqualTo("manual");
        assertThat(ws.get("settings").get("preserveFields").get(0).asString()).isEqualTo("title");
        assertThat(ws.get("createdAt").asString()).endsWith("Z");
    }

    @Test
    void aNewWorkspaceDefaultsToTheFreePlanAndFieldLevelMerge() {
        TestUser ann = register("Ann");
        JsonNode ws = api.get("/api/v1/workspaces/" + createWorkspace(ann, "Defaults"), ann.token()).json();

        assertThat(ws.get("plan").asString()).isEqualTo("free");
        assertThat(ws.get("settings").get("conflictStrategy").asString()).isEqualTo("field_level_merge");
        assertThat(ws.get("settings").get("preserveFields").isEmpty()).isTrue();
    }

    @Test
    void theWorkspaceListHoldsOnlyTheCallersWorkspacesWithTheirRoles() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID annsOwn = createWorkspace(ann, "Ann's");
        UUID bobs = createWorkspace(bob, "Bob's");
        invite(bob, bobs, ann, "viewer");
        createWorkspace(bob, "Bob's private");

        Response r = api.get("/api/v1/workspaces", ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isEqualTo(2);
        assertThat(r.json().get("page").asInt()).isZero();
        assertThat(r.json().get("size").asInt()).isEqualTo(50);
        Map<String, String> roles = new java.util.HashMap<>();
        r.json().get("items").forEach(w -> roles.put(w.get("id").asString(), w.get("role").asString()));
        assertThat(roles).containsOnly(Map.entry(annsOwn.toString(), "owner"), Map.entry(bobs.toString(), "viewer"));
    }

    @Test
    void anOwnerUpdatesNameAndSettingsPartially() {
        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Before");

        Response r = api.put("/api/v1/workspaces/" + id,
                Map.of("name", "After", "settings", Map.of("conflictStrategy", "last_writer_wins")), ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asString()).isEqualTo("After");
        assertThat(r.json().get("plan").asString()).isEqualTo("free");
        assertThat(r.json().get("settings").get("conflictStrategy").asString()).isEqualTo("last_writer_wins");
        assertThat(api.get("/api/v1/workspaces/" + id, ann.token()).json().get("name").asString()).isEqualTo("After");
    }

    @Test
    void anUnknownPreserveFieldIsRejected() {
        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Strict");

        Response r = api.put("/api/v1/workspaces/" + id,
                Map.of("settings", Map.of("preserveFields", List.of("titel"))), ann.token());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void deletingAWorkspaceHidesItFromEveryone() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID id = createWorkspace(ann, "Doomed");
        invite(ann, id, bob, "member");

        assertThat(api.delete("/api/v1/workspaces/" + id, ann.token()).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/workspaces/" + id, ann.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/" + id + "/tasks", bob.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces", bob.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void aWorkspaceOfOthersIsNotFound() {
        TestUser ann = register("Ann");
        TestUser eve = register("Eve");
        UUID id = createWorkspace(ann, "Private");

        Response r = api.get("/api/v1/workspaces/" + id, eve.token());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("status").asInt()).isEqualTo(404);
        assertThat(r.json().get("type").asString()).isNotBlank();
        assertThat(r.json().get("title").asString()).isNotBlank();
        assertThat(r.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void anUnknownWorkspaceIsNotFound() {
        TestUser ann = register("Ann");
        assertThat(api.get("/api/v1/workspaces/" + UUID.randomUUID(), ann.token()).status()).isEqualTo(404);
    }

    @Test
    void workspacesNeedAToken() {
        assertThat(api.get("/api/v1/workspaces", null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/workspaces", Map.of("name", "x"), "not-a-jwt").status()).isEqualTo(401);
    }

    @Test
    void badWorkspaceInputIsRejectedNamingTheField() {
        TestUser ann = register("Ann");

        Response blank = api.post("/api/v1/workspaces", Map.of("name", " "), ann.token());
        Response unknown = api.post("/api/v1/workspaces", Map.of("name", "ok", "colour", "red"), ann.token());
        Response badPlan = api.post("/api/v1/workspaces", Map.of("name", "ok", "plan", "platinum"), ann.token());
        Response malformed = api.post("/api/v1/workspaces", "{\"name\": ", ann.token());

        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("colour");
        assertThat(badPlan.status()).isEqualTo(400);
        assertThat(badPlan.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/workspaces", ann.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        TestUser ann = register("Ann");
        Response r = api.request("POST", "/api/v1/workspaces").token(ann.token())
                .header("Content-Type", "text/plain").json("name=x").send();
        assertThat(r.status()).isEqualTo(415);
    }
}
