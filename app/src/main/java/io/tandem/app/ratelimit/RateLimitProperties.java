package io.tandem.app.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of rate limiting ({@code tandem.rate-limit.*}).
 *
 * @param loginFailuresPerAccount failed logins allowed per account (by lower-cased email) in one window
 * @param loginFailuresPerIp      failed logins allowed per client IP in one window
 * @param loginWindow             the window; a locked-out key gets all its attempts back when it ends
 * @param apiRequests             API requests per {@code apiWindow} and authenticated user
 * @param apiRequestsPerIp        API requests per {@code apiWindow} and client IP, for requests without a valid token
 * @param apiWindow               the time in which {@code apiRequests} refill, evenly
 * @param syncOperations          pushed sync operations per {@code syncWindow} and user
 * @param syncWindow              the time in which {@code syncOperations} refill, evenly
 * @param accountMailsPerAddress  verification and password-reset mails asked for one address per {@code accountMailWindow}
 * @param accountMailWindow       that window
 * @param accountTokensPerIp      token submissions and mail requests per client IP per {@code accountTokenWindow}
 * @param accountTokenWindow      that window
 */
@ConfigurationProperties("tandem.rate-limit")
record RateLimitProperties(
        @DefaultValue("5") int loginFailuresPerAccount,
        @DefaultValue("50") int loginFailuresPerIp,
        @DefaultValue("PT15M") Duration loginWindow,
        @DefaultValue("100") int apiRequests,
        @DefaultValue("100") int apiRequestsPerIp,
        @DefaultValue("PT1M") Duration apiWindow,
        @DefaultValue("50") int syncOperations,
        @DefaultValue("PT10S") Duration syncWindow,
        @DefaultValue("3") int accountMailsPerAddress,
        @DefaultValue("PT1H") Duration accountMailWindow,
        @DefaultValue("20") int accountTokensPerIp,
        @DefaultValue("PT15M") Duration accountTokenWindow) {
}
