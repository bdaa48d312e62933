package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With configured origins, those origins may call the API from a browser and see its headers; others may not. */
@TestPropertySource(properties = "tandem.cors.origins=https://app.example.test, https://admin.example.test")
class CorsTest extends ApiTestBase {

    static final String ALLOWED = "https://app.example.test";

    @Test
    void aConfiguredOriginPassesThePreflight() {
        ApiClient.Response preflight = api.request("OPTIONS", "/api/v1/workspaces")
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, content-type, if-match")
                .send();

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization", "content-type", "if-match");
    }

    @Test
    void aConfiguredOriginSeesTheHeadersItNeeds() {
        TestUser user = register("Browser Bea");

        ApiClient.Response r = api.request("GET", "/api/v1/auth/me").token(user.token()).header("Origin", ALLOWED).send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(r.header("Access-Control-Expose-Headers")).contains("ETag", "Location", "Retry-After",
                "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-Correlation-Id");
    }

    @Test
    void anotherOriginIsRefused() {
        ApiClient.Response preflight = api.request("OPTIONS", "/api/v1/workspaces")
                .header("Origin", "https://evil.example.test")
                .header("Access-Control-Request-Method", "GET")
                .send();
        TestUser user = register("Target Tom");
        ApiClient.Response simple = api.request("GET", "/api/v1/auth/me").token(user.token())
                .header("Origin", "https://evil.example.test").send();

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(simple.status()).isEqualTo(403);
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();
    }
}
