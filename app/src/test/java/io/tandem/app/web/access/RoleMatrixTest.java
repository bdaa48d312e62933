package io.tandem.app.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each role (and a stranger, and the global auditor) against each operation, with the status the contract names:
 * workspaces, members, tasks (also reopen and assign), descriptions, categories, search, analytics, sync pull, push,
 * status and resolve, history, import, the operator endpoints and the account endpoints.
 */
class RoleMatrixTest extends ApiTestBase {

    private static final String[] WHO = {"owner", "admin", "member", "viewer", "stranger", "auditor"};

    private final Map<String, TestUser> users = new LinkedHashMap<>();
    private UUID ws;
    private String base;

    @BeforeEach
    void team() {
        TestUser owner = register("Owner");
        users.put("owner", owner);
        ws = createWorkspace(owner, "Matrix");
        base = "/api/v1/workspaces/" + ws;
        for (String role : new String[] {"admin", "member", "viewer"}) {
            TestUser user = register(role);
            invite(owner, ws, user, role);
            users.put(role, user);
        }
        users.put("stranger", register("Stranger"));
        users.put("auditor", auditor());
    }

    @Test
    void readsAreOpenToEveryMemberAndTheAuditorButNotToStrangers() {
        String task = createTask(users.get("owner"), ws, Map.of()).get("id").asString();
        expect("read workspace", who -> api.get(base, token(who)), 200, 200, 200, 200, 404, 200);
        expect("list members", who -> api.get(base + "/members", token(who)), 200, 200, 200, 200, 404, 200);
        expect("list tasks", who -> api.get(base + "/tasks", token(who)), 200, 200, 200, 200, 404, 200);
        expect("read task", who -> api.get(base + "/tasks/" + task, token(who)), 200, 200, 200, 200, 404, 200);
        expect("list categories", who -> api.get(base + "/categories", token(who)), 200, 200, 200, 200, 404, 200);
        expect("recurring", who -> api.get(base + "/tasks/recurring", token(who)), 200, 200, 200, 200, 404, 200);
    }

    @Test
    void searchAnalyticsAndSyncReadsAreOpenToEveryMemberAndTheAuditor() {
        createTask(users.get("owner"), ws, Map.of("title", "Findable matrix task"));
        expect("search", who -> api.get(base + "/tasks/search?q=findable", token(who)), 200, 200, 200, 200, 404, 200);
        expect("analytics overview", who -> api.get(base + "/analytics/overview", token(who)),
                200, 200, 200, 200, 404, 200);
        expect("analytics trends", who -> api.get(base + "/analytics/trends?period=7d", token(who)),
                200, 200, 200, 200, 404, 200);
        expect("analytics productivity", who -> api.get(base + "/analytics/productivity?period=30d", token(who)),
                200, 200, 200, 200, 404, 200);
        expect("sync pull", who -> api.get(base + "/sync/pull", token(who)), 200, 200, 200, 200, 404, 200);
        expect("sync status", who -> api.get(base + "/sync/status", token(who)), 200, 200, 200, 200, 404, 200);
    }

    @Test
    void descriptionsAreReadByEveryMemberAndTheAuditorAndEditedByMembersAndAbove() {
        String task = freshTask();
        String description = base + "/tasks/" + task + "/description";
        expect("read description", who -> api.get(description, token(who)), 200, 200, 200, 200, 404, 200);
        expect("description ops", who -> api.get(description + "/ops", token(who)), 200, 200, 200, 200, 404, 200);
        expect("edit description", who -> api.post(base + "/tasks/" + freshTask() + "/description/ops",
                        Map.of("revision", 0, "op", List.of("by " + who), "clientId", UUID.randomUUID().toString(),
                                "seq", 1), token(who)),
                200, 200, 200, 403, 404, 403);
    }

    @Test
    void historyIsReadByOwnersAdminsAndAuditors() {
        String task = createTask(users.get("owner"), ws, Map.of()).get("id").asString();
        expect("task history", who -> api.get(base + "/tasks/" + task + "/history", token(who)),
                200, 200, 403, 403, 404, 200);
        expect("workspace events", who -> api.get(base + "/events", token(who)), 200, 200, 403, 403, 404, 200);
        expect("all workspaces' events", who -> api.get("/api/v1/audit/events", token(who)),
                403, 403, 403, 403, 403, 200);
    }

    @Test
    void tasksAndCategoriesAreWrittenByMembersAndAbove() {
        expect("create task", who -> api.post(base + "/tasks", Map.of("title", "by " + who), token(who)),
                201, 201, 201, 403, 404, 403);
        expect("update task", who -> api.put(base + "/tasks/" + freshTask(), Map.of("title", "x"), token(who)),
                200, 200, 200, 403, 404, 403);
        expect("complete task", who -> api.post(base + "/tasks/" + freshTask() + "/complete", null, token(who)),
                200, 200, 200, 403, 404, 403);
        expect("delete task", who -> api.delete(base + "/tasks/" + freshTask(), token(who)),
                204, 204, 204, 403, 404, 403);
        expect("reopen task", who -> api.post(base + "/tasks/" + completedTask() + "/reopen", null, token(who)),
                200, 200, 200, 403, 404, 403);
        expect("assign task", who -> api.post(base + "/tasks/" + freshTask() + "/assign",
                        Map.of("assignedTo", users.get("member").id().toString()), token(who)),
                200, 200, 200, 403, 404, 403);
        expect("create category", who -> api.post(base + "/categories", Map.of("name", "cat " + who), token(who)),
                201, 201, 201, 403, 404, 403);
        expect("update category", who -> api.put(base + "/categories/" + freshCategory(), Map.of("color", "#112233"),
                        token(who)),
                200, 200, 200, 403, 404, 403);
        expect("delete category", who -> api.delete(base + "/categories/" + freshCategory(), token(who)),
                204, 204, 204, 403, 404, 403);
    }

    @Test
    void syncPushesResolutionsAndImportsAreWritesOfMembersAndAbove() {
        expect("sync push", who -> api.post(base + "/sync/push", Map.of("operations", List.of(Map.of(
                        "id", UUID.randomUUID().toString(), "type", "create", "entityType", "task",
                        "entityId", UUID.randomUUID().toString(), "data", Map.of("title", "pushed by " + who),
                        "timestamp", System.currentTimeMillis()))), token(who)),
                200, 200, 200, 403, 404, 403);
        // No such conflict: who may resolve learns that (404); who may not is refused before the lookup.
        expect("resolve conflict", who -> api.post(base + "/sync/conflicts/" + UUID.randomUUID() + "/resolve",
                        Map.of("resolution", "server"), token(who)),
                404, 404, 404, 403, 404, 403);
        expect("import", who -> api.post(base + "/import", Map.of("tasks", List.of(Map.of(
                        "id", UUID.randomUUID().toString(), "title", "imported by " + who))), token(who)),
                200, 200, 200, 403, 404, 403);
    }

    @Test
    void theOperatorEndpointsRefuseEveryUser() {
        expect("set plan", who -> api.put("/api/v1/operator/workspaces/" + ws + "/plan", Map.of("plan", "pro"),
                        token(who)),
                401, 401, 401, 401, 401, 401);
        assertThat(api.get(base, token("owner")).json().get("plan").asString()).isEqualTo("free");
        expect("list dead letters", who -> api.get("/api/v1/operator/dead-letters", token(who)),
                401, 401, 401, 401, 401, 401);
        expect("retry dead letters", who -> api.post("/api/v1/operator/dead-letters/task-list/retry", null, token(who)),
                401, 401, 401, 401, 401, 401);
    }

    @Test
    void accountEndpointsServeEveryAccountWhateverItsWorkspaceRole() {
        expect("me", who -> api.get("/api/v1/auth/me", token(who)), 200, 200, 200, 200, 200, 200);
        // Registered accounts are unverified and get a new link; the auditor's email is verified already.
        expect("resend verification", who -> api.post("/api/v1/auth/verify/resend", null, token(who)),
                202, 202, 202, 202, 202, 409);
    }

    @Test
    void membersAndSettingsAreManagedByAdminsAndOwners() {
        expect("update workspace", who -> api.put(base, Map.of("name", "by " + who), token(who)),
                200, 200, 403, 403, 404, 403);
        expect("invite", who -> api.post(base + "/invite", Map.of("email", register("guest").email(), "role", "viewer"), token(who)),
                201, 201, 403, 403, 404, 403);
        expect("change role", who -> api.put(base + "/members/" + freshViewer().id(), Map.of("role", "member"), token(who)),
                200, 200, 403, 403, 404, 403);
        expect("remove member", who -> api.delete(base + "/members/" + freshViewer().id(), token(who)),
                204, 204, 403, 403, 404, 403);
    }

    @Test
    void onlyAnOwnerDeletesTheWorkspace() {
        expect("delete workspace", who -> who.equals("owner") ? null : api.delete(base, token(who)),
                -1, 403, 403, 403, 404, 403);
        assertThat(api.delete(base, token("owner")).status()).isEqualTo(204);
        assertThat(api.get(base, token("owner")).status()).isEqualTo(404);
    }

    private void expect(String operation, Function<String, Response> call, int... statuses) {
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < WHO.length; i++) {
            if (statuses[i] < 0) {
                continue;
            }
            Response r = call.apply(WHO[i]);
            soft.assertThat(r.status()).as("%s by %s: %s", operation, WHO[i], r).isEqualTo(statuses[i]);
        }
        soft.assertAll();
    }

    private String freshTask() {
        return createTask(users.get("owner"), ws, Map.of()).get("id").asString();
    }

    private String completedTask() {
        String id = freshTask();
        assertThat(api.post(base + "/tasks/" + id + "/complete", null, token("owner")).status()).isEqualTo(200);
        return id;
    }

    private String freshCategory() {
        Response r = api.post(base + "/categories", Map.of("name", "c-" + UUID.randomUUID()), token("owner"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private TestUser freshViewer() {
        TestUser viewer = register("viewer");
        invite(users.get("owner"), ws, viewer, "viewer");
        return viewer;
    }

    private String token(String who) {
        return users.get(who).token();
    }
}
