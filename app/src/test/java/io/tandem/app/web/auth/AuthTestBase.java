package io.tandem.app.web.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestMailServer;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auth tests share one application context: bcrypt at strength 4 (the default 12 would make every registration
 * take a quarter second), a Redis key prefix of their own (so that a run never meets the rate-limit buckets of an
 * earlier run) and one auditor address.
 */
@TestPropertySource(properties = {
        "tandem.auth.bcrypt-strength=4",
        "tandem.auth.data-dir=target/test-data",
        "tandem.auth.auditors=" + AuthTestBase.AUDITOR_IN_CONFIG + ", someone-else@example.test",
        "tandem.redis.key-prefix=tandem-test:${random.uuid}:"
})
abstract class AuthTestBase extends ApiTestBase {

    static final String AUDITOR_IN_CONFIG = "Auditor@Auth-Tests.example";
    static final String PASSWORD = "correct horse battery";

    ApiClient.Response register(String email, String password, String name) {
        return api.post("/api/v1/auth/register", Map.of("email", email, "password", password, "name", name), null);
    }

    /** Registers an account with {@link #PASSWORD} and answers the AuthResponse. */
    JsonNode registered(String email) {
        ApiClient.Response response = register(email, PASSWORD, "Test User");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    ApiClient.Response login(String email, String password) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", password), null);
    }

    ApiClient.Response refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
    }

    /** Verifies the address with the token of the latest mail it received (after registration: the verification). */
    void verifyByMail(String email) {
        String token = TestMailServer.awaitLinkToken(email, 1, "/verify-email");
        ApiClient.Response verified = api.post("/api/v1/auth/verify", Map.of("token", token), null);
        assertThat(verified.status()).as(verified.toString()).isEqualTo(204);
    }

    static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return ApiClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asString()).startsWith("urn:tandem:problem:");
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("detail").asString()).isNotBlank();
    }

    static String errorField(ApiClient.Response response) {
        assertProblem(response, 400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.isArray()).as(response.toString()).isTrue();
        assertThat(errors.size()).as(response.toString()).isGreaterThanOrEqualTo(1);
        return errors.get(0).path("field").asString();
    }
}
