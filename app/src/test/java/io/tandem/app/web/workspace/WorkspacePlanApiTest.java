package io.tandem.app.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The billing plan is read-only for clients; the operator sets it with the operator token. */
@TestPropertySource(properties = "tandem.operator.token=" + WorkspacePlanApiTest.OPERATOR_TOKEN)
class WorkspacePlanApiTest extends ApiTestBase {

    static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdefghij";

    @Test
    void aWorkspaceCannotBeCreatedOnAPaidPlan() {
        TestUser ann = register("Ann");

        Response r = api.post("/api/v1/workspaces", Map.of("name", "Paid", "plan", "pro"), ann.token());

        assertForbiddenPlan(r);
        assertThat(api.get("/api/v1/workspaces", ann.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void aWorkspaceMayBeCreatedEchoingTheFreePlan() {
        TestUser ann = register("Ann");

        Response r = api.post("/api/v1/workspaces", Map.of("name", "Free", "plan", "free"), ann.token());

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("plan").asString()).isEqualTo("free");
    }

    @Test
    void anOwnerCannotChangeThePlanAndNothingElseOfThatUpdateIsApplied() {
        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Before");

        Response r = api.put("/api/v1/workspaces/" + id, Map.of("name", "After", "plan", "enterprise"), ann.token());

        assertForbiddenPlan(r);
        Response now = api.get("/api/v1/workspaces/" + id, ann.token());
        assertThat(now.json().get("name").asString()).isEqualTo("Before");
        assertThat(now.json().get("plan").asString()).isEqualTo("free");
    }

    @Test
    void theOperatorSetsThePlanAndClientsMayThenEchoButNotChangeIt() {
        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Team");

        Response set = api.request("PUT", "/api/v1/operator/workspaces/" + id + "/plan")
                .token(OPERATOR_TOKEN).json(Map.of("plan", "pro")).send();

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("workspaceId").asString()).isEqualTo(id.toString());
        assertThat(set.json().get("plan").asString()).isEqualTo("pro");
        assertThat(api.get("/api/v1/workspaces/" + id, ann.token()).json().get("plan").asString()).isEqualTo("pro");

        Response echo = api.put("/api/v1/workspaces/" + id, Map.of("name", "Team 2", "plan", "pro"), ann.token());
        assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
        assertThat(echo.json().get("name").asString()).isEqualTo("Team 2");
        assertThat(echo.json().get("plan").asString()).isEqualTo("pro");

        assertForbiddenPlan(api.put("/api/v1/workspaces/" + id, Map.of("plan", "free"), ann.token()));
    }

    @Test
    void theOperatorEndpointTakesOnlyTheOperatorToken() {
        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Mine");
        String path = "/api/v1/operator/workspaces/" + id + "/plan";

        assertProblem(api.put(path, Map.of("plan", "pro"), null), 401);
        assertProblem(api.put(path, Map.of("plan", "pro"), ann.token()), 401);
        assertProblem(api.put(path, Map.of("plan", "pro"), OPERATOR_TOKEN + "x"), 401);
        assertThat(api.get("/api/v1/workspaces/" + id, ann.token()).json().get("plan").asString()).isEqualTo("free");
        // Nor does the operator token open the users' API.
        assertProblem(api.get("/api/v1/workspaces", OPERATOR_TOKEN), 401);
    }

    @Test
    void theOperatorGetsClearAnswersForBadInput() {
        Response unknown = api.request("PUT", "/api/v1/operator/workspaces/" + UUID.randomUUID() + "/plan")
                .token(OPERATOR_TOKEN).json(Map.of("plan", "pro")).send();
        assertProblem(unknown, 404);

        TestUser ann = register("Ann");
        UUID id = createWorkspace(ann, "Mine");
        Response badPlan = api.request("PUT", "/api/v1/operator/workspaces/" + id + "/plan")
                .token(OPERATOR_TOKEN).json(Map.of("plan", "platinum")).send();
        assertProblem(badPlan, 400);
        assertThat(badPlan.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");
        Response noPlan = api.request("PUT", "/api/v1/operator/workspaces/" + id + "/plan")
                .token(OPERATOR_TOKEN).json(Map.of()).send();
        assertProblem(noPlan, 400);
    }

    private static void assertForbiddenPlan(Response r) {
        assertProblem(r, 403);
        assertThat(r.json().get("detail").asString()).contains("managed by the operator");
    }

    private static void assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asString()).isNotBlank();
    }
}
