package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Health, readiness, metrics, security headers, body limits, CORS refusal, error answers and the API description. */
@Import(OpsApiTest.Failures.class)
class OpsApiTest extends ApiTestBase {

    static final String SECRET = "secret-internal-detail";

    /** Test-only ways to fail (the nested controller is imported with it): they throw a message that must not leak. */
    @TestConfiguration
    static class Failures {

        @RestController
        static class Boom {
            @GetMapping("/api/v1/test-only/boom")
            String boom() {
                throw new IllegalStateException(SECRET);
            }
        }

        @Bean
        Filter explodingFilter() {
            return (request, response, chain) -> {
                if (((HttpServletRequest) request).getHeader("X-Test-Explode") != null) {
                    throw new IllegalStateException(SECRET);
                }
                chain.doFilter(request, response);
            };
        }
    }

    @Test
    void healthReportsEveryDependencyUp() {
        ApiClient.Response r = api.get("/health", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("status").asString()).isEqualTo("healthy");
        assertThat(body.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(body.get("services").properties()).extracting(Map.Entry::getKey)
                .containsExactly("database", "redis", "elasticsearch", "eventStore");
        body.get("services").properties().forEach(e -> assertThat(e.getValue().asString()).as(e.getKey()).isEqualTo("up"));
    }

    @Test
    void readyOnceServing() {
        ApiClient.Response r = api.get("/ready", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ready");
    }

    @Test
    void metricsShowTheRequiredFiguresAfterSomeTraffic() {
        TestUser user = register("Metric Mia");
        UUID workspace = createWorkspace(user, "Measured");
        createTask(user, workspace, Map.of("title", "Count me"));
        api.get("/api/v1/workspaces/" + workspace + "/tasks", user.token());

        ApiClient.Response r = api.get("/metrics", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        String text = r.text();
        assertThat(text).contains("# TYPE http_request_duration_seconds histogram")
                .containsPattern("http_request_duration_seconds_bucket\\{[^}]*method=\"POST\"[^}]*route=\"/api/v1/workspaces/\\{workspaceId\\}/tasks\"[^}]*status_code=\"201\"")
                .contains("# TYPE websocket_active_connections gauge")
                .containsPattern("sync_operations_total\\{[^}]*status=\"applied\"[^}]*type=\"create\"")
                .contains("# TYPE tasks_total counter")
                .containsPattern("tasks_active\\{status=\"todo\"}")
                .containsPattern("event_processor_lag\\{processor=\"task-list\"}")
                .contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads");
        assertThat(value(text, "tasks_total")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void answersCarryTheSecurityHeaders() {
        TestUser user = register("Header Hal");

        for (ApiClient.Response r : List.of(api.get("/api/v1/auth/me", user.token()), api.get("/health", null))) {
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'");
            assertThat(r.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWhetherDeclaredOrChunked() throws Exception {
        TestUser user = register("Big Bob");
        UUID workspace = createWorkspace(user, "Heavy");
        String path = "/api/v1/workspaces/" + workspace + "/tasks";
        String big = "{\"title\":\"t\",\"description\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";

        ApiClient.Response declared = api.post(path, big, user.token());
        assertProblem(declared, 413);

        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.request().headers().firstValue("Content-Length")).isEmpty();
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // Just under the limit is read normally (and then refused for its own reasons: description too long).
        String fits = "{\"title\":\"t\",\"description\":\"" + "x".repeat(1024 * 1024 - 100) + "\"}";
        assertProblem(api.post(path, fits, user.token()), 400);
    }

    @Test
    void crossOriginRequestsAreRefusedWhenNoOriginIsConfigured() {
        ApiClient.Response preflight = api.request("OPTIONS", "/api/v1/workspaces")
                .header("Origin", "https://evil.example.test")
                .header("Access-Control-Request-Method", "GET")
                .send();

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void unexpectedErrorsNeverShowTheirMessageOrTrace() {
        TestUser user = register("Crash Cat");

        ApiClient.Response mvc = api.get("/api/v1/test-only/boom", user.token());
        ApiClient.Response filter = api.request("GET", "/api/v1/auth/me").token(user.token())
                .header("X-Test-Explode", "yes").send();
        ApiClient.Response errorPage = api.get("/error", null);

        assertProblem(mvc, 500);
        assertProblem(filter, 500);
        assertProblem(errorPage, 404);
        for (ApiClient.Response r : List.of(mvc, filter, errorPage)) {
            assertThat(r.text()).doesNotContain(SECRET, "Exception", "at io.tandem", "trace");
        }
    }

    @Test
    void theApiDescriptionCoversTheContract() {
        ApiClient.Response r = api.get("/v3/api-docs", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode doc = r.json();
        JsonNode paths = doc.get("paths");
        String ws = "/api/v1/workspaces/{workspaceId}";
        for (String path : List.of("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                "/api/v1/auth/logout", "/api/v1/auth/me", "/api/v1/workspaces", ws, ws + "/members",
                ws + "/invite", ws + "/members/{userId}", ws + "/tasks", ws + "/tasks/{taskId}",
                ws + "/tasks/{taskId}/complete", ws + "/tasks/{taskId}/reopen", ws + "/tasks/recurring",
                ws + "/categories", ws + "/categories/{categoryId}", "/health", "/ready", "/metrics")) {
            assertThat(paths.has(path)).as("documents %s", path).isTrue();
        }
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(doc.at("/paths/" + escape(ws + "/tasks") + "/post/requestBody/content/application~1json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/TaskCreateRequest");
        assertThat(doc.at("/components/schemas/TaskUpdateRequest/properties/title/maxLength").asInt()).isEqualTo(500);
        JsonNode put = doc.at("/paths/" + escape(ws + "/tasks/{taskId}") + "/put/responses");
        for (String status : List.of("400", "401", "403", "404", "409", "412", "429")) {
            assertThat(put.at("/" + status + "/content/application~1problem+json/schema/$ref").asString())
                    .as("PUT task answers %s as a problem", status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(doc.at("/paths/~1api~1v1~1auth~1login/post/security").isArray()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1auth~1login/post/security").isEmpty()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1auth~1login/post/responses/401").isMissingNode()).isTrue();

        ApiClient.Response ui = api.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger-ui");
        assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    static void assertProblem(ApiClient.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("type") && body.has("title") && body.has("detail")).as(r.toString()).isTrue();
    }

    static double value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

}
