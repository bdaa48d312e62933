package io.tandem.app.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.tandem.app.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Limits what the verification and password-reset endpoints do: mails asked for one address (whether or not it
 * has an account, so a 429 says nothing about that), and token submissions and mail requests per client IP. Every
 * answer past a limit is 429 with {@code Retry-After}. When Redis is unreachable it lets requests through with a
 * warning, like the API limiter: the tokens are 256 random bits, and the mail limit only spares inboxes.
 */
@Component
public class AccountTokenRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(AccountTokenRateLimiter.class);

    private final RedisBuckets buckets;
    private final BucketConfiguration perAddress;
    private final BucketConfiguration perIp;

    AccountTokenRateLimiter(RedisBuckets buckets, RateLimitProperties properties) {
        this.buckets = buckets;
        this.perAddress = window(properties.accountMailsPerAddress(), properties.accountMailWindow());
        this.perIp = window(properties.accountTokensPerIp(), properties.accountTokenWindow());
    }

    /** One verification or reset mail asked for {@code email} from {@code clientIp}. */
    public void acquireMail(String email, String clientIp) {
        acquire("account-tokens:ip:" + clientIp, perIp);
        acquire("account-mails:address:" + digest(email), perAddress);
    }

    /** One token (verification or reset) submitted from {@code clientIp}. */
    public void acquireAttempt(String clientIp) {
        acquire("account-tokens:ip:" + clientIp, perIp);
    }

    private void acquire(String key, BucketConfiguration configuration) {
        ConsumptionProbe probe;
        try {
            probe = buckets.proxyManager().getProxy(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            log.warn("Account token rate limiter unavailable, allowing the request: {}", e.toString());
            return;
        }
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis() + 999) / 1000);
            throw ApiException.tooManyRequests("Too many requests; retry after " + seconds + " s", seconds);
        }
    }

    private static BucketConfiguration window(int requests, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillIntervally(requests, window).build())
                .build();
    }

    /** Keys hold a digest, not the address. */
    private static String digest(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
