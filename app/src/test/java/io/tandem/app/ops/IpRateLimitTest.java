package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Requests without a valid token count against the client's address; authenticated ones against their user. */
@TestPropertySource(properties = "tandem.rate-limit.api-requests-per-ip=3")
class IpRateLimitTest extends ApiTestBase {

    @Test
    void anonymousRequestsFromOneAddressShareItsBudget() {
        TestUser user = register("Known Kim");
        assertThat(api.get("/api/v1/workspaces", null).status()).isEqualTo(401);
        ApiClient.Response last = api.get("/api/v1/workspaces", null);
        assertThat(last.status()).isEqualTo(401);
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");

        ApiClient.Response refused = api.get("/api/v1/workspaces", null);

        OpsApiTest.assertProblem(refused, 429);
        assertThat(refused.header("Retry-After")).isNotNull();
        // The registered user is counted by account, not by address.
        assertThat(api.get("/api/v1/workspaces", user.token()).status()).isEqualTo(200);
    }
}
