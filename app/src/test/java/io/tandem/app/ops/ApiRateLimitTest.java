package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.tandem.app.ratelimit.SyncRateLimiter;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/** Its own context (and so its own Redis key prefix), with limits small enough to reach. */
@TestPropertySource(properties = {
        "tandem.rate-limit.api-requests=5",
        "tandem.rate-limit.sync-operations=10"})
class ApiRateLimitTest extends ApiTestBase {

    @Autowired
    SyncRateLimiter syncLimiter;

    @Test
    void eachUserHasTheirOwnBudgetOfRequests() {
        TestUser greedy = register("Greedy Gus");
        TestUser modest = register("Modest Mo");

        for (int i = 0; i < 5; i++) {
            ApiClient.Response r = api.get("/api/v1/auth/me", greedy.token());
            assertThat(r.status()).as("request %d: %s", i + 1, r).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).isEqualTo("5");
            assertThat(r.header("RateLimit-Remaining")).isEqualTo(String.valueOf(4 - i));
            assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isBetween(1L, 60L);
        }
        ApiClient.Response refused = api.get("/api/v1/auth/me", greedy.token());

        OpsApiTest.assertProblem(refused, 429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(api.get("/api/v1/auth/me", modest.token()).status()).isEqualTo(200);
    }

    @Test
    void probesMetricsAndTheApiDescriptionAreNeverLimited() {
        for (int i = 0; i < 8; i++) {
            for (String path : new String[] {"/health", "/ready", "/metrics", "/v3/api-docs"}) {
                ApiClient.Response r = api.get(path, null);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.header("RateLimit-Limit")).as(path).isNull();
            }
        }
    }

    @Test
    void syncPushesCountTheirOperations() {
        UUID user = UUID.randomUUID();
        syncLimiter.acquire(user, 4);
        syncLimiter.acquire(user, 6);

        assertThatThrownBy(() -> syncLimiter.acquire(user, 1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(Long.parseLong(e.headers().getFirst("Retry-After"))).isBetween(1L, 10L);
                    assertThat(e.headers().getFirst("RateLimit-Limit")).isEqualTo("10");
                    assertThat(e.headers().getFirst("RateLimit-Remaining")).isEqualTo("0");
                });
        // Another user's budget is untouched.
        syncLimiter.acquire(UUID.randomUUID(), 10);
    }

    @Test
    void aPushLargerThanTheBudgetPassesOnceAndLeavesADebt() {
        UUID user = UUID.randomUUID();
        syncLimiter.acquire(user, 25);

        // 15 operations over the budget of 10 per 10 s: the next push waits for 15 + 1 operations' worth.
        assertThatThrownBy(() -> syncLimiter.acquire(user, 1))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(Long.parseLong(e.headers().getFirst("Retry-After"))).isBetween(15L, 17L));
    }
}
