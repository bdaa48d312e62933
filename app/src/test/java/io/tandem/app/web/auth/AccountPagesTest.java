package io.tandem.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tandem.app.support.TestMailServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pages behind the links of the account mails, as a person with a browser uses them: the link opens a form,
 * the form posts the token back, and the page says what came of it.
 */
class AccountPagesTest extends AuthTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theVerificationLinkOpensAFormThatVerifiesTheEmail() throws Exception {
        String email = "page-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        JsonNode auth = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Page"),
                null).json();
        String token = TestMailServer.awaitLinkToken(email, 1, "/verify-email");

        HttpResponse<String> form = get("/verify-email?token=" + token);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(form.headers().firstValue("Content-Security-Policy").orElse("")).contains("form-action 'self'");
        assertThat(form.body()).contains("value=\"" + token + "\"").contains("action=\"/verify-email\"");

        HttpResponse<String> done = post("/verify-email", Map.of("token", token));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Email verified");
        assertThat(api.get("/api/v1/auth/me", auth.get("accessToken").asString()).json().get("emailVerified").asBoolean())
                .isTrue();

        HttpResponse<String> again = post("/verify-email", Map.of("token", token));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("did not work");
    }

    @Test
    void theResetLinkOpensAFormThatChangesThePasswordAndEscapesWhatItEchoes() throws Exception {
        String email = "reset-page-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Page"), null);
        api.post("/api/v1/auth/password-reset", Map.of("email", email), null);
        String token = TestMailServer.awaitLinkToken(email, 2, "/reset-password");

        assertThat(get("/reset-password?token=%22%3E%3Cscript%3E").body()).doesNotContain("<script>")
                .contains("&quot;&gt;&lt;script&gt;");
        HttpResponse<String> tooShort = post("/reset-password", Map.of("token", token, "password", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("<form").contains("value=\"" + token + "\"");

        String newPassword = "a brand new passphrase";
        HttpResponse<String> done = post("/reset-password", Map.of("token", token, "password", newPassword));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Password changed");
        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", newPassword), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null).status())
                .isEqualTo(401);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
