package io.tandem.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of end-to-end HTTP tests: a client for the server started on a random port. */
@IntegrationTest
public abstract class ApiTestBase {

    @LocalServerPort
    protected int port;

    /** Listed in the test configuration's {@code tandem.auth.auditors}. */
    protected static final String AUDITOR_EMAIL = "auditor@tandem.test";

    protected ApiClient api;

    @BeforeEach
    void createClient() {
        api = new ApiClient(port);
    }

    /** A registered account and its access token. */
    public record TestUser(UUID id, String email, String token) {
    }

    protected TestUser register(String name) {
        String email = uniqueEmail(name.toLowerCase().replace(' ', '-'));
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", "correct horse battery", "name", name), null);
        assertThat(r.status()).as("register %s: %s", email, r).isEqualTo(201);
        return new TestUser(UUID.fromString(r.json().get("user").get("id").asString()), email,
                r.json().get("accessToken").asString());
    }

    /**
     * The global auditor of the test configuration ({@value #AUDITOR_EMAIL}): registered once per test database,
     * its email verified through the mail the test mail server received (the role needs a verified address).
     */
    protected TestUser auditor() {
        Map<String, String> credentials = Map.of("email", AUDITOR_EMAIL, "password", "correct horse battery");
        api.post("/api/v1/auth/register", Map.of("email", AUDITOR_EMAIL, "password", "correct horse battery",
                "name", "Audrey"), null);
        ApiClient.Response login = api.post("/api/v1/auth/login", credentials, null);
        assertThat(login.status()).as("auditor login: %s", login).isEqualTo(200);
        if (!login.json().get("user").get("emailVerified").asBoolean()) {
            int mails = TestMailServer.mailsTo(AUDITOR_EMAIL).size();
            ApiClient.Response resend = api.post("/api/v1/auth/verify/resend", Map.of(),
                    login.json().get("accessToken").asString());
            assertThat(resend.status()).as("resend verification: %s", resend).isEqualTo(202);
            String token = TestMailServer.awaitLinkToken(AUDITOR_EMAIL, mails + 1, "/verify-email");
            ApiClient.Response verified = api.post("/api/v1/auth/verify", Map.of("token", token), null);
            assertThat(verified.status()).as("verify: %s", verified).isEqualTo(204);
            login = api.post("/api/v1/auth/login", credentials, null);
        }
        return new TestUser(UUID.fromString(login.json().get("user").get("id").asString()), AUDITOR_EMAIL,
                login.json().get("accessToken").asString());
    }

    /** Creates a workspace owned by {@code owner} and answers its id. */
    protected UUID createWorkspace(TestUser owner, String name) {
        ApiClient.Response r = api.post("/api/v1/workspaces", Map.of("name", name), owner.token());
        assertThat(r.status()).as("create workspace: %s", r).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    protected void invite(TestUser admin, UUID workspaceId, TestUser invitee, String role) {
        ApiClient.Response r = api.post("/api/v1/workspaces/" + workspaceId + "/invite",
                Map.of("email", invitee.email(), "role", role), admin.token());
        assertThat(r.status()).as("invite: %s", r).isEqualTo(201);
    }

    /** Creates a task with the given fields (title defaults) and answers its JSON. */
    protected tools.jackson.databind.JsonNode createTask(TestUser user, UUID workspaceId, Map<String, ?> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putIfAbsent("title", "Task " + UUID.randomUUID().toString().substring(0, 6));
        ApiClient.Response r = api.post("/api/v1/workspaces/" + workspaceId + "/tasks", body, user.token());
        assertThat(r.status()).as("create task: %s", r).isEqualTo(201);
        return r.json();
    }

    /** An email no other test uses, so tests never share accounts (or their rate-limit buckets). */
    protected static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }
}
