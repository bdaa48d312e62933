package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.PrivateRedis;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application on a Redis of the test's own, which is stopped and started again. While it is down the login
 * limiter fails closed (a login answers 503 with {@code Retry-After}, whatever the password) and the API limiter
 * fails open (requests are served, without RateLimit headers); registration and refresh go on. Once it is back,
 * logins work again and a user who was limited before the outage is limited again.
 */
class RedisOutageTest {

    private static final String DATABASE = "tandem_ops_redis_outage_test";
    private static final String PASSWORD = "correct horse battery";
    private static final int API_REQUESTS = 5;
    private static final int LOGIN_FAILURES = 3;

    @TempDir
    Path redisData;

    @Test
    void loginFailsClosedAndTheApiLimiterOpenWhileRedisIsDownAndLimitsResumeAfter() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        try (PrivateRedis redis = PrivateRedis.start(redisData);
             ConfigurableApplicationContext app = OwnInstance.start(DATABASE, Map.of(
                     "spring.data.redis.url", redis.url(),
                     "tandem.redis.key-prefix", "redis-outage-" + UUID.randomUUID() + ":",
                     "tandem.rate-limit.api-requests", String.valueOf(API_REQUESTS),
                     // Long enough that no request comes back during the test: a limited user stays limited.
                     "tandem.rate-limit.api-window", "PT1H",
                     "tandem.rate-limit.api-requests-per-ip", "100000",
                     "tandem.rate-limit.login-failures-per-account", String.valueOf(LOGIN_FAILURES)))) {
            ApiClient api = OwnInstance.client(app);
            String limited = uniqueEmail("limited");
            String limitedToken = register(api, limited).get("accessToken");
            String other = uniqueEmail("other");
            String otherRefresh = register(api, other).get("refreshToken");

            for (int i = 0; i < API_REQUESTS; i++) {
                assertThat(api.get("/api/v1/auth/me", limitedToken).status()).isEqualTo(200);
            }
            OpsApiTest.assertProblem(api.get("/api/v1/auth/me", limitedToken), 429);
            for (int i = 0; i < LOGIN_FAILURES; i++) {
                assertThat(login(api, limited, "wrong password!").status()).isEqualTo(401);
            }
            OpsApiTest.assertProblem(login(api, limited, PASSWORD), 429);

            redis.stop();

            ApiClient.Response health = api.get("/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().at("/services/redis").asString()).isEqualTo("down");
            assertThat(health.json().at("/services/database").asString()).isEqualTo("up");
            // The login limiter fails closed: no password is checked, right or wrong, limited or not.
            for (ApiClient.Response refused : new ApiClient.Response[] {login(api, other, PASSWORD),
                    login(api, limited, "wrong password!"), login(api, uniqueEmail("nobody"), PASSWORD)}) {
                OpsApiTest.assertProblem(refused, 503);
                assertThat(refused.header("Retry-After")).as(refused.toString()).matches("[1-9][0-9]*");
            }
            // The API limiter fails open: the limited user is served, without RateLimit headers.
            ApiClient.Response open = api.get("/api/v1/auth/me", limitedToken);
            assertThat(open.status()).as(open.toString()).isEqualTo(200);
            assertThat(open.header("RateLimit-Limit")).isNull();
            // Sessions and sign-ups go on.
            assertThat(register(api, uniqueEmail("during"))).containsKey("accessToken");
            ApiClient.Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", otherRefresh), null);
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);

            redis.start();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> login(api, other, PASSWORD).status() == 200);
            // Only Redis's entry: the suite's Elasticsearch is shared with other test runs.
            assertThat(api.get("/health", null).json().at("/services/redis").asString()).isEqualTo("up");
            OpsApiTest.assertProblem(login(api, limited, PASSWORD), 429);
            ApiClient.Response limitedAgain = api.get("/api/v1/auth/me", limitedToken);
            OpsApiTest.assertProblem(limitedAgain, 429);
            assertThat(limitedAgain.header("RateLimit-Remaining")).isEqualTo("0");
        }
    }

    private static Map<String, String> register(ApiClient api, String email) {
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", PASSWORD, "name", "Redis Outage"), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Map.of("accessToken", r.json().get("accessToken").asString(),
                "refreshToken", r.json().get("refreshToken").asString());
    }

    private static ApiClient.Response login(ApiClient api, String email, String password) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", password), null);
    }

    private static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }
}
