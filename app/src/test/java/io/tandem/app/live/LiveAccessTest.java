package io.tandem.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.LiveClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;

/**
 * Access that ends when it ends: a socket stops hearing a workspace once its member is removed, and closes when its
 * session logs out, its account is erased or its token expires; a logged-out or erased token is refused at once.
 * Removals travel the real way: command, event, sync log, Redis.
 */
class LiveAccessTest extends ApiTestBase {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    JwtEncoder encoder;

    @Test
    void aRemovedMemberStopsHearingTheWorkspaceAtOnce() {
        TestUser owner = register("Owner");
        TestUser member = register("Member");
        UUID workspace = createWorkspace(owner, "Shared");
        invite(owner, workspace, member, "member");
        try (LiveClient ownerSocket = joined(owner, workspace); LiveClient memberSocket = joined(member, workspace)) {
            String before = createTask(owner, workspace, Map.of("title", "Before")).get("id").asString();
            memberSocket.await("task_created", p -> p.get("id").asString().equals(before));

            assertThat(api.delete("/api/v1/workspaces/" + workspace + "/members/" + member.id(), owner.token())
                    .status()).isEqualTo(204);
            JsonNode revoked = memberSocket.await("error", p -> "access_revoked".equals(p.get("code").asString()));
            assertThat(revoked.get("payload").get("workspaceId").asString()).isEqualTo(workspace.toString());

            String after = createTask(owner, workspace, Map.of("title", "After the removal")).get("id").asString();
            ownerSocket.await("task_created", p -> p.get("id").asString().equals(after));
            // Frames leave a connection in order: the answer to a later frame comes after anything meant for it.
            memberSocket.sendRaw("{}");
            memberSocket.await("error", p -> "malformed_frame".equals(p.get("code").asString()));
            assertThat(memberSocket.all("task_created")).extracting(f -> f.get("payload").get("id").asString())
                    .containsExactly(before);
            assertThat(memberSocket.frames.toString()).doesNotContain("After the removal");
            assertThat(memberSocket.isOpen()).isTrue();
        }
    }

    @Test
    void logoutRevokesEveryAccessTokenOfTheSessionAndClosesItsSockets() {
        JsonNode login = registerWithSession("Lou");
        String first = login.get("accessToken").asString();
        ApiClient.Response refreshed = api.post("/api/v1/auth/refresh",
                Map.of("refreshToken", login.get("refreshToken").asString()), null);
        assertThat(refreshed.status()).isEqualTo(200);
        String second = refreshed.json().get("accessToken").asString();
        JsonNode other = api.post("/api/v1/auth/login", Map.of("email", login.get("user").get("email").asString(),
                "password", PASSWORD), null).json();
        String otherSession = other.get("accessToken").asString();
        UUID workspace = createWorkspace(new TestUser(null, null, first), "Mine");

        try (LiveClient socket = LiveClient.connect(port, second)) {
            socket.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            socket.await("user_presence", p -> true);
            assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken",
                    refreshed.json().get("refreshToken").asString()), first).status()).isEqualTo(204);
            assertThat(socket.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1008);
        }
        for (String token : List.of(first, second)) {
            ApiClient.Response me = api.get("/api/v1/auth/me", token);
            assertThat(me.status()).as("%s", me).isEqualTo(401);
            assertThat(me.header("Content-Type")).contains("application/problem+json");
        }
        assertThat(api.get("/api/v1/auth/me", otherSession).status()).isEqualTo(200);
    }

    @Test
    void erasureRevokesTheTokenAndClosesTheSocket() {
        TestUser user = register("Eve");
        UUID workspace = createWorkspace(user, "Soon gone");
        try (LiveClient socket = joined(user, workspace)) {
            ApiClient.Response erased = api.request("DELETE", "/api/v1/auth/me").token(user.token())
                    .json(Map.of("password", PASSWORD)).send();
            assertThat(erased.status()).as("%s", erased).isEqualTo(204);
            assertThat(socket.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1008);
        }
        assertThat(api.get("/api/v1/auth/me", user.token()).status()).isEqualTo(401);
    }

    @Test
    void aSocketClosesWhenItsTokenExpires() {
        TestUser user = register("Tim");
        UUID workspace = createWorkspace(user, "Brief");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String shortLived = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().issuer("tandem").subject(user.id().toString()).issuedAt(now)
                        .expiresAt(now.plusSeconds(3)).id(UUID.randomUUID().toString())
                        .claim("email", user.email()).claim("roles", List.of()).build())).getTokenValue();
        try (LiveClient socket = LiveClient.connect(port, shortLived)) {
            socket.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            socket.await("user_presence", p -> true);
            assertThat(socket.isOpen()).isTrue();
            assertThat(socket.closed.orTimeout(15, TimeUnit.SECONDS).join()).isEqualTo(1008);
            assertThat(Instant.now()).isAfterOrEqualTo(now.plus(Duration.ofSeconds(3)));
        }
    }

    private JsonNode registerWithSession(String name) {
        ApiClient.Response r = api.post("/api/v1/auth/register", Map.of("email", uniqueEmail(name.toLowerCase()),
                "password", PASSWORD, "name", name), null);
        assertThat(r.status()).isEqualTo(201);
        return r.json();
    }

    private LiveClient joined(TestUser user, UUID workspace) {
        LiveClient client = LiveClient.connect(port, user.token());
        client.send("join_workspace", Map.of("workspaceId", workspace.toString()));
        client.await("user_presence", p -> p.get("userId").asString().equals(user.id().toString()));
        return client;
    }
}
