package io.tandem.app.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MemberApiTest extends ApiTestBase {

    @Test
    void invitingAnExistingUserAddsThemWithTheRole() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");

        Response r = api.post("/api/v1/workspaces/" + ws + "/invite", Map.of("email", bob.email().toUpperCase(), "role", "admin"), ann.token());

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/api/v1/workspaces/" + ws + "/members/" + bob.id());
        JsonNode member = r.json();
        assertThat(member.get("userId").asString()).isEqualTo(bob.id().toString());
        assertThat(member.get("workspaceId").asString()).isEqualTo(ws.toString());
        assertThat(member.get("email").asString()).isEqualTo(bob.email());
        assertThat(member.get("name").asString()).isEqualTo("Bob");
        assertThat(member.get("role").asString()).isEqualTo("admin");
        assertThat(member.get("invitedBy").asString()).isEqualTo(ann.id().toString());
        assertThat(member.get("joinedAt").isNull()).isFalse();
    }

    @Test
    void membersAreListedWithNamesAndRoles() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "viewer");

        Response r = api.get("/api/v1/workspaces/" + ws + "/members", bob.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isEqualTo(2);
        Map<String, String> roles = new java.util.HashMap<>();
        r.json().get("items").forEach(m -> roles.put(m.get("name").asString(), m.get("role").asString()));
        assertThat(roles).containsOnly(Map.entry("Ann", "owner"), Map.entry("Bob", "viewer"));
    }

    @Test
    void invitingAnUnknownEmailIsNotFound() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Team");
        Response r = api.post("/api/v1/workspaces/" + ws + "/invite", Map.of("email", uniqueEmail("nobody"), "role", "member"), ann.token());
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void invitingAMemberTwiceConflicts() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "member");

        Response r = api.post("/api/v1/workspaces/" + ws + "/invite", Map.of("email", bob.email(), "role", "viewer"), ann.token());

        assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void invitingWithoutARoleIsRejected() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        Response r = api.post("/api/v1/workspaces/" + ws + "/invite", Map.of("email", bob.email()), ann.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
    }

    @Test
    void anAdminChangesAMembersRole() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "viewer");

        Response r = api.put("/api/v1/workspaces/" + ws + "/members/" + bob.id(), Map.of("role", "member"), ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("role").asString()).isEqualTo("member");
        assertThat(api.post("/api/v1/workspaces/" + ws + "/tasks", Map.of("title", "now I can write"), bob.token()).status())
                .isEqualTo(201);
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemoted() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Team");

        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + ann.id(), ann.token()).status()).isEqualTo(409);
        assertThat(api.put("/api/v1/workspaces/" + ws + "/members/" + ann.id(), Map.of("role", "admin"), ann.token()).status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/workspaces/" + ws, ann.token()).json().get("role").asString()).isEqualTo("owner");
    }

    @Test
    void anOwnerMayLeaveOnceAnotherOwnerExists() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "owner");

        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + ann.id(), ann.token()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workspaces/" + ws, ann.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/" + ws, bob.token()).json().get("role").asString()).isEqualTo("owner");
    }

    @Test
    void aMemberMayLeaveButNotRemoveOthers() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        TestUser cid = register("Cid");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "member");
        invite(ann, ws, cid, "member");

        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + cid.id(), bob.token()).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + bob.id(), bob.token()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workspaces/" + ws + "/members", ann.token()).json().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void anAdminCannotRemoveAnOwner() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Team");
        invite(ann, ws, bob, "admin");

        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + ann.id(), bob.token()).status()).isEqualTo(403);
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Team");
        assertThat(api.delete("/api/v1/workspaces/" + ws + "/members/" + UUID.randomUUID(), ann.token()).status()).isEqualTo(404);
    }
}
