package io.tandem.app.web.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest extends AuthTestBase {

    @Autowired
    JwtEncoder jwtEncoder;

    @Autowired
    JdbcClient jdbc;

    // --- register

    @Test
    void registeringAnswersCreatedWithTokensAndNeverTheHash() {
        String email = uniqueEmail("reg");
        Instant before = Instant.now();

        ApiClient.Response response = register("  " + email + " ", PASSWORD, " Ada Lovelace ");

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith("/api/v1/auth/me");
        JsonNode body = response.json();
        JsonNode user = body.path("user");
        assertThat(UUID.fromString(user.path("id").asString())).isNotNull();
        assertThat(user.path("email").asString()).isEqualTo(email);
        assertThat(user.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(user.path("emailVerified").asBoolean(true)).isFalse();
        assertThat(user.path("createdAt").asString()).endsWith("Z");
        assertThat(Instant.parse(user.path("createdAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(body.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(body.path("accessToken").asString()).isNotBlank();
        assertThat(body.path("refreshToken").asString()).isNotBlank().isNotEqualTo(body.path("accessToken").asString());
        long expiresAt = body.path("expiresAt").asLong();
        assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(14)).toEpochMilli(),
                Instant.now().plus(Duration.ofMinutes(16)).toEpochMilli());
        assertThat(response.text()).doesNotContainIgnoringCase("hash").doesNotContain(PASSWORD).doesNotContain("$2a$");
    }

    @Test
    void registeringAnEmailTakenInAnotherCaseIsAConflict() {
        String email = uniqueEmail("dup");
        registered(email);

        ApiClient.Response again = register(email.toUpperCase(), PASSWORD, "Someone Else");

        assertProblem(again, 409);
    }

    @Test
    void registeringWithAShortPasswordNamesThePassword() {
        assertThat(errorField(register(uniqueEmail("short"), "123456789", "Name"))).isEqualTo("password");
    }

    @Test
    void registeringWithAPasswordOverSeventyTwoBytesNamesThePassword() {
        String longInBytes = "\u00e9".repeat(40); // 40 characters, 80 bytes in UTF-8

        assertThat(errorField(register(uniqueEmail("long"), longInBytes, "Name"))).isEqualTo("password");
    }

    @Test
    void registeringWithABadEmailNamesTheEmail() {
        assertThat(errorField(register("not-an-email", PASSWORD, "Name"))).isEqualTo("email");
        assertThat(errorField(register("a@b", PASSWORD, "Name"))).isEqualTo("email");
    }

    @Test
    void registeringWithABlankNameNamesTheName() {
        assertThat(errorField(register(uniqueEmail("noname"), PASSWORD, "   "))).isEqualTo("name");
        assertThat(errorField(register(uniqueEmail("longname"), PASSWORD, "x".repeat(101)))).isEqualTo("name");
    }

    @Test
    void registeringWithAnUnknownFieldNamesTheField() {
        ApiClient.Response response = api.post("/api/v1/auth/register",
                Map.of("email", uniqueEmail("unknown"), "password", PASSWORD, "name", "N", "nickname", "x"), null);

        assertThat(errorField(response)).isEqualTo("nickname");
    }

    @Test
    void registeringWithMalformedJsonIsABadRequest() {
        ApiClient.Response response = api.post("/api/v1/auth/register", "{\"email\": ", null);

        assertProblem(response, 400);
        assertThat(response.json().path("type").asString()).isEqualTo("urn:tandem:problem:malformed-json");
    }

    // --- login

    @Test
    void loggingInAnswersTokensAndRecordsTheLogin() {
        String email = uniqueEmail("login");
        JsonNode registration = registered(email);
        assertThat(registration.path("user").path("lastLoginAt").isNull()).isTrue();

        ApiClient.Response response = login(email.toUpperCase(), PASSWORD);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("user").path("id").asString()).isEqualTo(registration.path("user").path("id").asString());
        assertThat(body.path("refreshToken").asString()).isNotEqualTo(registration.path("refreshToken").asString());
        assertThat(body.path("tokenType").asString()).isEqualTo("Bearer");
        Instant lastLogin = Instant.parse(body.path("user").path("lastLoginAt").asString());
        assertThat(lastLogin).isAfter(Instant.now().minusSeconds(60));
        JsonNode me = api.get("/api/v1/auth/me", body.path("accessToken").asString()).json();
        assertThat(Instant.parse(me.path("lastLoginAt").asString())).isEqualTo(lastLogin);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = uniqueEmail("wrong");
        registered(email);

        ApiClient.Response wrongPassword = login(email, "not the password");
        ApiClient.Response unknownEmail = login(uniqueEmail("nobody"), PASSWORD);

        assertProblem(wrongPassword, 401);
        assertProblem(unknownEmail, 401);
        assertThat(wrongPassword.json().path("detail").asString())
                .isEqualTo(unknownEmail.json().path("detail").asString());
        assertThat(wrongPassword.text()).doesNotContain(email);
    }

    // --- me and access tokens

    @Test
    void meAnswersTheCallersAccount() {
        String email = uniqueEmail("me");
        JsonNode auth = registered(email);

        ApiClient.Response response = api.get("/api/v1/auth/me", auth.path("accessToken").asString());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode me = response.json();
        assertThat(me.path("id").asString()).isEqualTo(auth.path("user").path("id").asString());
        assertThat(me.path("email").asString()).isEqualTo(email);
        assertThat(me.has("updatedAt")).isTrue();
        assertThat(me.has("passwordHash")).isFalse();
    }

    @Test
    void meWithoutATokenIsUnauthorizedWithABearerChallenge() {
        ApiClient.Response response = api.get("/api/v1/auth/me", null);

        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().path("type").asString()).isEqualTo("urn:tandem:problem:unauthorized");
    }

    @Test
    void meWithAGarbageTokenIsUnauthorized() {
        ApiClient.Response response = api.get("/api/v1/auth/me", "not.a.jwt");

        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void meWithAnExpiredTokenIsUnauthorized() {
        JsonNode auth = registered(uniqueEmail("expired"));
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        String expired = sign(auth.path("user").path("id").asString(), issued, issued.plus(Duration.ofMinutes(15)));

        ApiClient.Response response = api.get("/api/v1/auth/me", expired);

        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
        // The same claims with a live expiry pass, so the 401 above is about expiry alone.
        String live = sign(auth.path("user").path("id").asString(), Instant.now(), Instant.now().plusSeconds(300));
        assertThat(api.get("/api/v1/auth/me", live).status()).isEqualTo(200);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsUnauthorized() {
        JsonNode auth = registered(uniqueEmail("forged"));
        String token = auth.path("accessToken").asString();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + "A".repeat(parts[2].length());

        assertProblem(api.get("/api/v1/auth/me", forged), 401);
    }

    @Test
    void theAccessTokenIsNotTakenFromTheQueryOutsideTheWebSocketPath() {
        JsonNode auth = registered(uniqueEmail("query"));

        ApiClient.Response response = api.get("/api/v1/auth/me?token=" + auth.path("accessToken").asString(), null);

        assertProblem(response, 401);
    }

    @Test
    void operationalAndDocumentationPathsNeedNoToken() {
        for (String path : List.of("/health", "/ready", "/metrics", "/v3/api-docs", "/swagger-ui.html")) {
            assertThat(api.get(path, null).status()).as(path).isNotEqualTo(401);
        }
    }

    @Test
    void everyOtherPathNeedsATokenBeforeAnythingElse() {
        assertProblem(api.get("/api/v1/workspaces", null), 401);
        assertProblem(api.get("/no/such/path", null), 401);
        assertProblem(api.post("/api/v1/auth/me", Map.of(), null), 401);
    }

    @Test
    void aListedAuditorGetsTheRoleOnlyOnceItsEmailIsVerified() {
        String email = AUDITOR_IN_CONFIG.toLowerCase();
        JsonNode auditor = registered(email);
        JsonNode ordinary = registered(uniqueEmail("ordinary"));
        assertThat(claims(auditor.path("accessToken").asString()).path("roles").toString()).doesNotContain("auditor");

        verifyByMail(email);
        JsonNode refreshed = refresh(auditor.path("refreshToken").asString()).json();

        JsonNode auditorClaims = claims(refreshed.path("accessToken").asString());
        assertThat(auditorClaims.path("roles").toString()).isEqualTo("[\"auditor\"]");
        assertThat(auditorClaims.path("sub").asString()).isEqualTo(auditor.path("user").path("id").asString());
        assertThat(auditorClaims.path("email").asString()).isEqualTo(email);
        assertThat(claims(ordinary.path("accessToken").asString()).path("roles").toString()).doesNotContain("auditor");
        assertThat(api.get("/api/v1/auth/me", refreshed.path("accessToken").asString()).status()).isEqualTo(200);
    }

    // --- refresh and logout

    @Test
    void refreshingRotatesTheRefreshToken() {
        JsonNode auth = registered(uniqueEmail("rotate"));
        String first = auth.path("refreshToken").asString();

        ApiClient.Response refreshed = refresh(first);

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String second = refreshed.json().path("refreshToken").asString();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(refreshed.json().path("user").path("id").asString())
                .isEqualTo(auth.path("user").path("id").asString());
        assertThat(api.get("/api/v1/auth/me", refreshed.json().path("accessToken").asString()).status()).isEqualTo(200);
        assertProblem(refresh(first), 401);
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamilyButNotOtherLogins() {
        String email = uniqueEmail("theft");
        JsonNode auth = registered(email);
        String first = auth.path("refreshToken").asString();
        String second = refresh(first).json().path("refreshToken").asString();
        String otherDevice = login(email, PASSWORD).json().path("refreshToken").asString();

        assertProblem(refresh(first), 401);

        assertProblem(refresh(second), 401);
        ApiClient.Response other = refresh(otherDevice);
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
    }

    @Test
    void anExpiredRefreshTokenIsUnauthorized() {
        String token = registered(uniqueEmail("stale")).path("refreshToken").asString();
        int updated = jdbc.sql("update refresh_tokens set expires_at = now() - interval '1 minute' where token_hash = "
                        + "encode(sha256(convert_to(:token, 'UTF8')), 'hex')")
                .param("token", token)
                .update();
        assertThat(updated).isEqualTo(1);

        assertProblem(refresh(token), 401);
    }

    @Test
    void refreshingIgnoresAStaleAccessTokenInTheHeader() {
        JsonNode auth = registered(uniqueEmail("stale-header"));

        ApiClient.Response response = api.post("/api/v1/auth/refresh",
                Map.of("refreshToken", auth.path("refreshToken").asString()), "expired.or.garbage");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void refreshingWithAnUnknownTokenOrNoneIsRejected() {
        assertProblem(refresh("never-issued"), 401);
        assertThat(errorField(api.post("/api/v1/auth/refresh", Map.of(), null))).isEqualTo("refreshToken");
    }

    @Test
    void loggingOutRevokesTheRefreshToken() {
        JsonNode auth = registered(uniqueEmail("logout"));
        String access = auth.path("accessToken").asString();
        String refreshToken = auth.path("refreshToken").asString();

        ApiClient.Response response = api.post("/api/v1/auth/logout", Map.of("refreshToken", refreshToken), access);

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertProblem(refresh(refreshToken), 401);
    }

    @Test
    void loggingOutNeedsAnAccessTokenButNotAKnownRefreshToken() {
        JsonNode auth = registered(uniqueEmail("logout2"));
        String refreshToken = auth.path("refreshToken").asString();

        assertProblem(api.post("/api/v1/auth/logout", Map.of("refreshToken", refreshToken), null), 401);
        assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", "unknown"),
                auth.path("accessToken").asString()).status()).isEqualTo(204);
        assertThat(refresh(refreshToken).status()).isEqualTo(200);
    }

    @Test
    void loggingOutCannotRevokeSomeoneElsesToken() {
        JsonNode victim = registered(uniqueEmail("victim"));
        JsonNode other = registered(uniqueEmail("other"));

        ApiClient.Response response = api.post("/api/v1/auth/logout",
                Map.of("refreshToken", victim.path("refreshToken").asString()), other.path("accessToken").asString());

        assertThat(response.status()).isEqualTo(204);
        assertThat(refresh(victim.path("refreshToken").asString()).status()).isEqualTo(200);
    }

    // --- failed-login limit per account

    @Test
    void fiveFailedLoginsLockTheAccountEvenForTheRightPassword() {
        String email = uniqueEmail("locked");
        registered(email);
        for (int i = 0; i < 5; i++) {
            assertProblem(login(email, "wrong password " + i), 401);
        }

        ApiClient.Response locked = login(email.toUpperCase(), PASSWORD);

        assertProblem(locked, 429);
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, Duration.ofMinutes(15).toSeconds());
        ApiClient.Response otherAccount = login(registered(uniqueEmail("unlocked")).path("user").path("email")
                .asString(), PASSWORD);
        assertThat(otherAccount.status()).as(otherAccount.toString()).isEqualTo(200);
    }

    @Test
    void successfulLoginsDoNotCountAgainstTheLimit() {
        String email = uniqueEmail("success");
        registered(email);
        for (int i = 0; i < 4; i++) {
            assertProblem(login(email, "wrong password " + i), 401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(login(email, PASSWORD).status()).isEqualTo(200);
        }

        assertProblem(login(email, "fifth failure"), 401);
        assertProblem(login(email, PASSWORD), 429);
    }

    @Test
    void unknownEmailsAreLimitedToo() {
        String nobody = uniqueEmail("ghost");
        for (int i = 0; i < 5; i++) {
            assertProblem(login(nobody, PASSWORD), 401);
        }

        assertProblem(login(nobody, PASSWORD), 429);
    }

    private String sign(String subject, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer("tandem")
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("email", "x@example.test")
                .claim("roles", List.of())
                .build();
        return jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
                claims)).getTokenValue();
    }
}
