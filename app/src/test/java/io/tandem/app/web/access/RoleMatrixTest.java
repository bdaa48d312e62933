package io.tandem.app.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each role (and a stranger, and the global auditor) against each operation, with the status the contract names. */
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
    void tasksAndCategoriesAreWrittenByMembersAndAbove() {
        expect("create task", who -> api.post(base + "/tasks", Map.of("title", "by " + who), token(who)),
                201, 201, 201, 403, 404, 403);
        expect("update task", who -> api.put(base + "/tasks/" + freshTask(), Map.of("title", "x"), token(who)),
                200, 200, 200, 403, 404, 403);
        expect("complete task", who -> api.post(base + "/tasks/" + freshTask() + "/complete", null, token(who)),
                200, 200, 200, 403, 404, 403);
        expect("delete task", who -> api.delete(base + "/tasks/" + freshTask(), token(who)),
                204, 204, 204, 403, 404, 403);
        expect("create category", who -> api.post(base + "/categories", Map.of("name", "cat " + who), token(who)),
                201, 201, 201, 403, 404, 403);
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

    private TestUser freshViewer() {
        TestUser viewer = register("viewer");
        invite(users.get("owner"), ws, viewer, "viewer");
        return viewer;
    }

    private String token(String who) {
        return users.get(who).token();
    }
}
