package io.tandem.app.web.auth;

import io.tandem.app.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Its own context: a per-IP limit small enough to reach, and (through the base) its own Redis key prefix. */
@TestPropertySource(properties = "tandem.rate-limit.login-failures-per-ip=3")
class LoginIpRateLimitTest extends AuthTestBase {

    @Test
    void failuresAcrossAccountsFromOneAddressLockThatAddress() {
        String innocent = uniqueEmail("innocent");
        registered(innocent);
        for (int i = 0; i < 3; i++) {
            assertProblem(login(uniqueEmail("guess" + i), PASSWORD), 401);
        }

        ApiClient.Response locked = login(innocent, PASSWORD);

        assertProblem(locked, 429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 900L);
        // Registration is not a login: it is not limited by failed logins.
        assertThat(register(uniqueEmail("new"), PASSWORD, "New").status()).isEqualTo(201);
    }
}
