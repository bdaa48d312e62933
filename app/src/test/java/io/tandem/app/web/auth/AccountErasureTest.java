package io.tandem.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.app.support.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code DELETE /auth/me} end to end: what erasure removes, what it refuses, and what a caller sees afterwards. */
class AccountErasureTest extends AuthTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void erasureEndsLoginTokensMembershipsAndPersonalData() {
        String beaEmail = uniqueEmail("bea");
        JsonNode bea = register(beaEmail, PASSWORD, "Bea Erased").json();
        UUID beaId = UUID.fromString(bea.get("user").get("id").asString());
        String beaToken = bea.get("accessToken").asString();
        String beaRefresh = bea.get("refreshToken").asString();
        TestUser ann = register("Ann");
        UUID shared = createWorkspace(ann, "Shared");
        invite(ann, shared, new TestUser(beaId, beaEmail, beaToken), "member");
        TestUser beaUser = new TestUser(beaId, beaEmail, beaToken);
        UUID alone = createWorkspace(beaUser, "Bea alone");
        createTask(beaUser, alone, Map.of("title", "Bea's diary"));
        assertThat(memberList(ann, shared)).contains(beaEmail, "Bea Erased");

        assertThat(erase(beaToken, null).status()).isEqualTo(400);
        assertThat(errorField(erase(beaToken, Map.of()))).isEqualTo("password");
        assertProblem(erase(beaToken, Map.of("password", "not the password")), 403);
        assertThat(login(beaEmail, PASSWORD).status()).as("a wrong password erased nothing").isEqualTo(200);

        Response erased = erase(beaToken, Map.of("password", PASSWORD));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        assertProblem(login(beaEmail, PASSWORD), 401);
        assertProblem(api.get("/api/v1/workspaces", beaToken), 401);
        assertProblem(api.get("/api/v1/auth/me", beaToken), 401);
        assertProblem(refresh(beaRefresh), 401);
        assertThat(memberList(ann, shared)).doesNotContain(beaEmail).doesNotContain("Bea Erased");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(memberIds(ann, shared))
                .containsExactly(ann.id().toString()));

        Map<String, Object> row = jdbc.sql("select email, name, password_hash, erased_at from users where id = :id")
                .param("id", beaId).query().singleRow();
        assertThat(row.get("email")).isNull();
        assertThat(row.get("password_hash")).isNull();
        assertThat(row.get("name")).isEqualTo(Sensitive.ERASED);
        assertThat(row.get("erased_at")).isNotNull();
        assertThat(jdbc.sql("select count(*) from refresh_tokens where user_id = :id and revoked_at is null")
                .param("id", beaId).query(Long.class).single()).isZero();
        assertThat(destroyedKeys("user", beaId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(destroyedKeys("workspace", alone)).as("her own workspace went with her").isEqualTo(1));
        assertThat(api.get("/api/v1/workspaces/" + shared, ann.token()).status()).isEqualTo(200);

        assertThat(register(beaEmail, PASSWORD, "Bea Again").status()).as("the email is free again").isEqualTo(201);
    }

    @Test
    void theLastOwnerOfASharedWorkspaceMustHandItOverFirst() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID team = createWorkspace(ann, "Team");
        invite(ann, team, bob, "member");

        Response refused = erase(ann.token(), Map.of("password", "correct horse battery"));

        assertProblem(refused, 409);
        assertThat(refused.json().get("workspaces").get(0).get("id").asString()).isEqualTo(team.toString());
        assertThat(refused.json().get("detail").asString()).contains("Team");
        assertThat(login(ann.email(), "correct horse battery").status()).isEqualTo(200);
        assertThat(memberIds(ann, team)).containsExactlyInAnyOrder(ann.id().toString(), bob.id().toString());

        Response promoted = api.put("/api/v1/workspaces/" + team + "/members/" + bob.id(), Map.of("role", "owner"),
                ann.token());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(erase(ann.token(), Map.of("password", "correct horse battery")).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(memberIds(bob, team)).containsExactly(bob.id().toString()));
        assertThat(destroyedKeys("workspace", team)).as("a workspace others keep keeps its key").isZero();
    }

    private Response erase(String token, Object body) {
        return api.request("DELETE", "/api/v1/auth/me").token(token).json(body).send();
    }

    private String memberList(TestUser viewer, UUID workspaceId) {
        Response r = api.get("/api/v1/workspaces/" + workspaceId + "/members", viewer.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text();
    }

    private List<String> memberIds(TestUser viewer, UUID workspaceId) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/workspaces/" + workspaceId + "/members", viewer.token()).json().get("items")
                .forEach(m -> ids.add(m.get("userId").asString()));
        return ids;
    }

    private long destroyedKeys(String scope, UUID scopeId) {
        return jdbc.sql("select count(*) from data_keys where scope = :scope and scope_id = :id "
                        + "and destroyed_at is not null and wrapped_key is null")
                .param("scope", scope).param("id", scopeId).query(Long.class).single();
    }
}
