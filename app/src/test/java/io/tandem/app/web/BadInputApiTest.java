package io.tandem.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.fuzz.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bad input the fuzzer first found answering 500, an HTML page or a silent acceptance, one case each: every one
 * is now a 4xx problem, naming the field where there is one, and changes nothing.
 */
class BadInputApiTest extends ApiTestBase {

    private TestUser owner;
    private UUID ws;
    private String base;

    @BeforeEach
    void workspace() {
        owner = register("Owner");
        ws = createWorkspace(owner, "Bad input");
        base = "/api/v1/workspaces/" + ws;
    }

    @Test
    void anArrayOrObjectWhereAStringOrIdIsExpectedIsA400NamingTheField() {
        assertField(api.post(base + "/categories", "{\"name\":[\"a\",\"b\"]}", owner.token()), "name");
        assertField(api.post(base + "/tasks", "{\"title\":{\"a\":1}}", owner.token()), "title");
        String task = createTask(owner, ws, Map.of()).get("id").asString();
        assertField(api.post(base + "/tasks/" + task + "/assign", "{\"assignedTo\":[1,2]}", owner.token()), "assignedTo");
        assertField(api.post(base + "/tasks", "{\"title\":\"x\",\"dueDate\":[]}", owner.token()), "dueDate");
    }

    @Test
    void aNumberOrBooleanIsNotTakenForAStringNorAStringForANumber() {
        assertField(api.post("/api/v1/workspaces", "{\"name\":12}", owner.token()), "name");
        assertField(api.post("/api/v1/auth/logout", "{\"refreshToken\":true}", owner.token()), "refreshToken");
        assertField(api.get(base + "/tasks?page=abc", owner.token()), "page");
        assertThat(api.get("/api/v1/workspaces", owner.token()).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void anEnumValueMustBeSpelledExactly() {
        TestUser member = register("Member");
        invite(owner, ws, member, "member");
        assertField(api.put(base + "/members/" + member.id(), "{\"role\":\"viewer\\u0000\"}", owner.token()), "role");
        assertField(api.put(base + "/members/" + member.id(), "{\"role\":\" viewer\"}", owner.token()), "role");
        JsonNode members = api.get(base + "/members", owner.token()).json().get("items");
        assertThat(members.findValuesAsString("role")).containsExactlyInAnyOrder("owner", "member");
    }

    @Test
    void nestedValuesAreNamedByTheirPath() {
        ApiClient.Response r = api.post(base + "/tasks", "{\"title\":\"x\",\"recurringConfig\":{\"frequency\":\"daily\","
                + "\"interval\":1,\"daysOfWeek\":[\"MONx\"]}}", owner.token());
        assertField(r, "recurringConfig.daysOfWeek[0]");
        assertField(api.post(base + "/sync/push", "{\"operations\":[{\"id\":false}]}", owner.token()), "operations[0].id");
        assertField(api.post(base + "/tasks", "{\"title\":\"x\",\"recurringConfig\":{\"frequency\":\"daily\","
                + "\"endDate\":12}}", owner.token()), "recurringConfig.endDate");
    }

    @Test
    void textThatCannotBeStoredIsRefused() {
        assertField(api.post("/api/v1/auth/login", "{\"email\":\"a\\u0000b@example.test\",\"password\":\"x\"}", null), "email");
        assertField(api.post(base + "/tasks", "{\"title\":\"lone \\ud800 surrogate\"}", owner.token()), "title");
        assertField(api.post(base + "/categories", "{\"name\":\"nul\\u0000\"}", owner.token()), "name");
    }

    @Test
    void trailingContentAfterTheBodyIsRefused() {
        ApiClient.Response r = api.post(base + "/categories", "{\"name\":\"Home\"} garbage", owner.token());
        assertProblem(r, 400);
        assertThat(api.get(base + "/categories", owner.token()).json().get("total").asInt()).isZero();
    }

    @Test
    void anUndecodableQueryStringIsA400Problem() throws IOException {
        assertProblem(raw("GET " + base + "/members?page=%FF"), 400);
        assertProblem(raw("GET " + base + "/analytics/productivity?period=a%"), 400);
        assertProblem(raw("GET /health?%ZZ=1"), 400);
    }

    @Test
    void requestsTheServerRefusesItselfAreProblemsToo() throws IOException {
        assertProblem(raw("GET /api/v1/workspaces/%C0%AF/tasks"), 400);
        assertProblem(raw("GET " + base + "/tasks?q=a|b"), 400);
        assertProblem(raw("CONNECT " + base), 405);
    }

    @Test
    void aWildcardContentTypeIsA415() {
        ApiClient.Response r = api.request("POST", base + "/categories").token(owner.token())
                .header("Content-Type", "application/*").json("{\"name\":\"x\"}").send();
        assertProblem(r, 415);
    }

    private RawHttp.Answer raw(String requestLine) throws IOException {
        try (RawHttp http = new RawHttp("127.0.0.1", port)) {
            String request = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + owner.token() + "\r\nConnection: close\r\n\r\n";
            return http.exchange(request.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void assertProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = ApiClient.JSON.readTree(answer.text());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(answer.text()).doesNotContain("Tomcat", "Exception", "java.");
    }

    private static void assertProblem(ApiClient.Response r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
    }

    private static void assertField(ApiClient.Response r, String field) {
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsString("field")).as("%s", r).contains(field);
    }
}
