package io.tandem.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Email verification and password reset end to end: the mails arrive at a real SMTP server in this JVM, and their
 * links' tokens are what the endpoints take.
 */
class EmailIdentityApiTest extends AuthTestBase {

    private static final String NEW_PASSWORD = "a whole new passphrase";

    @Autowired
    JdbcClient jdbc;

    // --- verification

    @Test
    void registrationMailsALinkThatVerifiesTheEmailOnce() {
        String email = uniqueEmail("verify");
        JsonNode auth = registered(email);
        assertThat(auth.path("user").path("emailVerified").asBoolean()).isFalse();

        MimeMessage mail = TestMailServer.awaitMail(email, 1);
        assertThat(TestMailServer.body(mail)).contains("/verify-email?token=");
        String token = TestMailServer.linkToken(mail, "/verify-email");

        assertThat(verify(token).status()).isEqualTo(204);
        JsonNode me = api.get("/api/v1/auth/me", auth.path("accessToken").asString()).json();
        assertThat(me.path("emailVerified").asBoolean()).isTrue();
        assertBadToken(verify(token));
    }

    @Test
    void tokensAreStoredOnlyAsTheirHash() {
        String email = uniqueEmail("hashed");
        JsonNode auth = registered(email);
        String token = TestMailServer.awaitLinkToken(email, 1, "/verify-email");

        List<String> stored = jdbc.sql("select token_hash from account_tokens where user_id = :user")
                .param("user", UUID.fromString(auth.path("user").path("id").asString()))
                .query(String.class).list();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).hasSize(64).isNotEqualTo(token).doesNotContain(token);
    }

    @Test
    void unknownMalformedAndMissingTokensAreRejected() {
        assertBadToken(verify("not-a-token-anyone-was-sent"));
        assertThat(errorField(api.post("/api/v1/auth/verify", Map.of(), null))).isEqualTo("token");
        assertThat(errorField(api.post("/api/v1/auth/verify", Map.of("token", 42), null))).isEqualTo("token");
        assertThat(errorField(api.post("/api/v1/auth/verify", Map.of("token", List.of("x")), null))).isEqualTo("token");
        assertThat(errorField(api.post("/api/v1/auth/verify", Map.of("token", "x".repeat(5000)), null)))
                .isEqualTo("token");
        assertThat(errorField(api.post("/api/v1/auth/password-reset/confirm",
                Map.of("token", "unknown", "password", NEW_PASSWORD), null))).isEqualTo("token");
    }

    @Test
    void anExpiredVerificationTokenIsRejected() {
        String email = uniqueEmail("expired");
        JsonNode auth = registered(email);
        String token = TestMailServer.awaitLinkToken(email, 1, "/verify-email");
        expireTokensOf(auth);

        assertBadToken(verify(token));
        assertThat(api.get("/api/v1/auth/me", auth.path("accessToken").asString()).json()
                .path("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void aResetTokenDoesNotVerifyAndAVerificationTokenDoesNotReset() {
        String email = uniqueEmail("purpose");
        registered(email);
        String verification = TestMailServer.awaitLinkToken(email, 1, "/verify-email");
        assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", email), null).status()).isEqualTo(202);
        String reset = TestMailServer.awaitLinkToken(email, 2, "/reset-password");

        assertBadToken(verify(reset));
        assertBadToken(confirmReset(verification, NEW_PASSWORD));
    }

    @Test
    void aNewVerificationMailIsSentOnRequestUntilTheEmailIsVerified() {
        String email = uniqueEmail("resend");
        String access = registered(email).path("accessToken").asString();
        TestMailServer.awaitMail(email, 1);

        ApiClient.Response resent = api.post("/api/v1/auth/verify/resend", Map.of(), access);
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        assertThat(verify(TestMailServer.awaitLinkToken(email, 2, "/verify-email")).status())
                .isEqualTo(204);

        assertProblem(api.post("/api/v1/auth/verify/resend", Map.of(), access), 409);
        assertProblem(api.post("/api/v1/auth/verify/resend", Map.of(), null), 401);
    }

    // --- password reset

    @Test
    void aResetRequestAnswersTheSameWhetherOrNotTheAddressHasAnAccount() {
        String known = uniqueEmail("known");
        registered(known);
        String unknown = uniqueEmail("unknown");

        ApiClient.Response forKnown = api.post("/api/v1/auth/password-reset", Map.of("email", known), null);
        ApiClient.Response forUnknown = api.post("/api/v1/auth/password-reset", Map.of("email", unknown), null);

        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.text()).isEqualTo(forUnknown.text()).isEmpty();
        assertThat(TestMailServer.body(TestMailServer.awaitMail(known, 2))).contains("/reset-password?token=");
        assertThat(TestMailServer.mailsTo(unknown)).isEmpty();
    }

    @Test
    void aResetChangesThePasswordEndsEverySessionAndWorksOnce() {
        String email = uniqueEmail("reset");
        JsonNode first = registered(email);
        JsonNode second = login(email, PASSWORD).json();
        assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", email.toUpperCase()), null).status())
                .isEqualTo(202);
        String token = TestMailServer.awaitLinkToken(email, 2, "/reset-password");

        assertThat(confirmReset(token, NEW_PASSWORD).status()).isEqualTo(204);

        assertProblem(login(email, PASSWORD), 401);
        JsonNode again = login(email, NEW_PASSWORD).json();
        assertThat(again.path("user").path("emailVerified").asBoolean()).as("the mail was read").isTrue();
        assertProblem(refresh(first.path("refreshToken").asString()), 401);
        assertProblem(refresh(second.path("refreshToken").asString()), 401);
        assertThat(api.get("/api/v1/auth/me", first.path("accessToken").asString()).status())
                .as("the sessions' access tokens end with them").isEqualTo(401);
        assertThat(api.get("/api/v1/auth/me", second.path("accessToken").asString()).status()).isEqualTo(401);
        assertThat(refresh(again.path("refreshToken").asString()).status()).isEqualTo(200);
        assertBadToken(confirmReset(token, "yet another passphrase"));
        assertThat(login(email, NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aResetNeedsAPasswordAsRegistrationDoesAndKeepsTheTokenUntilThen() {
        String email = uniqueEmail("short");
        registered(email);
        api.post("/api/v1/auth/password-reset", Map.of("email", email), null);
        String token = TestMailServer.awaitLinkToken(email, 2, "/reset-password");

        assertThat(errorField(confirmReset(token, "too short"))).isEqualTo("password");
        assertThat(errorField(confirmReset(token, "é".repeat(40)))).isEqualTo("password");
        assertThat(errorField(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", token), null)))
                .isEqualTo("password");
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);

        assertThat(confirmReset(token, NEW_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void anExpiredResetTokenIsRejected() {
        String email = uniqueEmail("late");
        JsonNode auth = registered(email);
        api.post("/api/v1/auth/password-reset", Map.of("email", email), null);
        String token = TestMailServer.awaitLinkToken(email, 2, "/reset-password");
        expireTokensOf(auth);

        assertBadToken(confirmReset(token, NEW_PASSWORD));
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void resetMailsAreLimitedPerAddressWhetherOrNotItHasAnAccount() {
        String known = uniqueEmail("limited");
        registered(known);
        for (String email : List.of(known, uniqueEmail("limited-unknown"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", email), null).status())
                        .isEqualTo(202);
            }
            ApiClient.Response limited = api.post("/api/v1/auth/password-reset", Map.of("email", email), null);
            assertProblem(limited, 429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        }
    }

    @Test
    void badResetRequestsAreRejectedNamingTheField() {
        assertThat(errorField(api.post("/api/v1/auth/password-reset", Map.of(), null))).isEqualTo("email");
        assertThat(errorField(api.post("/api/v1/auth/password-reset", Map.of("email", "  "), null))).isEqualTo("email");
        assertThat(errorField(api.post("/api/v1/auth/password-reset", Map.of("email", Map.of("a", 1)), null)))
                .isEqualTo("email");
    }

    // --- the auditor role and erasure

    @Test
    void anErasedAuditorsAddressStartsUnverifiedForWhoeverRegistersItNext() {
        String email = "someone-else@example.test";
        JsonNode first = registered(email);
        verifyByMail(email);
        JsonNode verified = refresh(first.path("refreshToken").asString()).json();
        assertThat(claims(verified.path("accessToken").asString()).path("roles").toString()).contains("auditor");
        api.post("/api/v1/auth/password-reset", Map.of("email", email), null);
        String pendingReset = TestMailServer.awaitLinkToken(email, 2, "/reset-password");

        ApiClient.Response erased = api.request("DELETE", "/api/v1/auth/me")
                .token(verified.path("accessToken").asString()).json(Map.of("password", PASSWORD)).send();
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        assertBadToken(confirmReset(pendingReset, NEW_PASSWORD));

        JsonNode next = registered(email);
        assertThat(next.path("user").path("emailVerified").asBoolean()).isFalse();
        assertThat(claims(next.path("accessToken").asString()).path("roles").toString()).doesNotContain("auditor");
        JsonNode refreshed = refresh(next.path("refreshToken").asString()).json();
        assertThat(claims(refreshed.path("accessToken").asString()).path("roles").toString()).doesNotContain("auditor");
    }

    private ApiClient.Response verify(String token) {
        return api.post("/api/v1/auth/verify", Map.of("token", token), null);
    }

    private ApiClient.Response confirmReset(String token, String password) {
        return api.post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", password), null);
    }

    private void expireTokensOf(JsonNode auth) {
        jdbc.sql("update account_tokens set expires_at = now() - interval '1 second' where user_id = :user")
                .param("user", UUID.fromString(auth.path("user").path("id").asString()))
                .update();
    }

    private static void assertBadToken(ApiClient.Response response) {
        assertThat(errorField(response)).isEqualTo("token");
        assertThat(response.json().path("detail").asString()).contains("invalid, expired or already used");
    }
}
