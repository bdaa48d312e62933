package io.tandem.app.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.tandem.app.support.TestDependencies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

/**
 * The API limiter against the suite's Redis, without an application around it: "replicas" are limiters of their
 * own on one key prefix, and a refused request is one the filter did not pass on. The window is an hour, so that
 * hardly anything refills while a test runs.
 */
class ApiRateLimitFilterTest {

    private final String prefix = "limiter-test-" + UUID.randomUUID() + ":";
    private final List<RedisClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(RedisClient::shutdown);
    }

    @Test
    void oneReplicaServingFromItsOwnCopyOfTheBucketKeepsTheLimitExactly() throws Exception {
        ApiRateLimitFilter replica = replica(100);
        long commandsBefore = redisCommands();

        assertThat(passed(replica, "10.0.0.1", 130)).isEqualTo(100);
        // Settled with Redis every fifth request (a read and a compare-and-swap each time), where every request
        // took two commands before.
        assertThat(redisCommands() - commandsBefore).isLessThan(100);
        // Another address has a budget of its own.
        assertThat(passed(replica, "10.0.0.2", 1)).isEqualTo(1);
    }

    @Test
    void replicasShareTheBudgetAndOvershootItByNoMoreThanWhatEachHasNotSettled() throws Exception {
        ApiRateLimitFilter a = replica(100);
        ApiRateLimitFilter b = replica(100);

        int passed = alternately(a, b, "10.0.0.3", 150);

        // A twentieth of the limit (5) unsettled per replica at most.
        assertThat(passed).isBetween(100, 110);
        assertThat(passed(a, "10.0.0.3", 5) + passed(b, "10.0.0.3", 5)).isZero();
    }

    @Test
    void smallLimitsAreSettledOnEveryRequest() throws Exception {
        ApiRateLimitFilter a = replica(30);
        ApiRateLimitFilter b = replica(30);

        assertThat(alternately(a, b, "10.0.0.4", 40)).isEqualTo(30);
    }

    /** Commands Redis has processed so far, all clients together (the suite's tests run one at a time). */
    private long redisCommands() {
        RedisClient client = RedisClient.create(TestDependencies.redisUrl());
        clients.add(client);
        try (var connection = client.connect()) {
            return connection.sync().info("stats").lines()
                    .filter(line -> line.startsWith("total_commands_processed:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
                    .findFirst().orElseThrow();
        }
    }

    private ApiRateLimitFilter replica(int perHour) {
        RedisClient client = RedisClient.create(TestDependencies.redisUrl());
        clients.add(client);
        RateLimitProperties properties = new RateLimitProperties(5, 50, Duration.ofMinutes(15), perHour, perHour,
                Duration.ofHours(1), 50, Duration.ofSeconds(10), 3, Duration.ofHours(1), 20, Duration.ofMinutes(15));
        return new ApiRateLimitFilter(new RedisBuckets(client, prefix), properties, (request, response, handler, e) -> {
            response.setStatus(429);
            return new ModelAndView();
        });
    }

    /** How many of {@code requests} anonymous requests from {@code address}, sent to a and b in turn, were passed on. */
    private static int alternately(ApiRateLimitFilter a, ApiRateLimitFilter b, String address, int requests)
            throws Exception {
        int passed = 0;
        for (int i = 0; i < requests; i++) {
            passed += passed(i % 2 == 0 ? a : b, address, 1);
        }
        return passed;
    }

    /** How many of {@code requests} anonymous requests from {@code address} the filter passed on. */
    private static int passed(ApiRateLimitFilter filter, String address, int requests) throws Exception {
        int passed = 0;
        for (int i = 0; i < requests; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/auth/me");
            request.setRemoteAddr(address);
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request, response, chain);
            if (chain.getRequest() != null) {
                assertThat(response.getStatus()).isEqualTo(200);
                passed++;
            } else {
                assertThat(response.getStatus()).isEqualTo(429);
            }
        }
        return passed;
    }
}
