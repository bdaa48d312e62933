package io.tandem.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/**
 * One refresh token presented twice at the same moment (two threads released by a latch, several rounds). A refresh
 * token works once, and presenting a spent one is treated as theft: so at most one refresh succeeds, the other is a
 * 401 problem, and the family is revoked, including the successor the winner just received.
 */
class SimultaneousRefreshTest extends ApiTestBase {

    private static final int ROUNDS = 6;
    private static final String PASSWORD = "correct horse battery";

    @Test
    void twoRefreshesWithOneTokenAtOnceLetAtMostOneSucceedAndRevokeTheFamily() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String email = uniqueEmail("refresh-race");
            ApiClient.Response registered = api.post("/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "name", "Racer"), null);
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            String token = registered.json().get("refreshToken").asString();
            // Another login of the same account: a family of its own, which the theft must not end.
            ApiClient.Response otherDevice = api.post("/api/v1/auth/login",
                    Map.of("email", email, "password", PASSWORD), null);
            assertThat(otherDevice.status()).as(otherDevice.toString()).isEqualTo(200);

            List<ApiClient.Response> answers = atOnce(() -> refresh(token), () -> refresh(token));

            String what = "round " + round + ": " + answers;
            List<ApiClient.Response> succeeded = answers.stream().filter(a -> a.status() == 200).toList();
            assertThat(succeeded).as(what).hasSizeLessThanOrEqualTo(1);
            assertThat(answers).as(what).allSatisfy(a -> {
                assertThat(a.status()).isIn(200, 401);
                if (a.status() == 401) {
                    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
                }
            });
            assertThat(refresh(token).status()).as("the raced token, afterwards").isEqualTo(401);
            for (ApiClient.Response winner : succeeded) {
                String successor = winner.json().get("refreshToken").asString();
                assertThat(successor).isNotEqualTo(token);
                assertThat(refresh(successor).status()).as(what + ": the winner's successor token, family revoked")
                        .isEqualTo(401);
            }
            ApiClient.Response other = refresh(otherDevice.json().get("refreshToken").asString());
            assertThat(other.status()).as("the account's other login: %s", other).isEqualTo(200);
        }
    }

    private ApiClient.Response refresh(String token) {
        return api.post("/api/v1/auth/refresh", Map.of("refreshToken", token), null);
    }

    @SafeVarargs
    private static <T> List<T> atOnce(Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
