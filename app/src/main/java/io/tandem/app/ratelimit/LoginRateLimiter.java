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
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.tandem.app.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per account and per client IP. A login reserves one attempt from both buckets before the
 * password is checked (so concurrent guesses cannot overrun the limit) and gives them back when it succeeds: only
 * failures count.
 *
 * <p>When Redis is unreachable the limiter fails closed: the attempt is refused with 503 and {@code Retry-After}
 * before the password is checked, since without the shared counts nothing would stop guessing across replicas.
 * Sessions already open go on (refresh does not pass here), and logins resume as soon as Redis answers again.
 * The API limiter, by contrast, fails open.
 */
@Component
public class LoginRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(LoginRateLimiter.class);
    /** Lettuce reconnects within about this long once Redis is back. */
    private static final long RETRY_AFTER_SECONDS = 5;

    /** The outcome of asking to try a login. */
    public interface Attempt {

        /** False when a bucket is empty: answer 429 without checking the password. */
        boolean permitted();

        /** How long until a failed attempt is allowed again; zero when permitted. */
        Duration retryAfter();

        /** The password was right: the reserved attempt does not count. */
        void succeeded();
    }

    private final RedisBuckets buckets;
    private final BucketConfiguration perAccount;
    private final BucketConfiguration perIp;

    LoginRateLimiter(RedisBuckets buckets, RateLimitProperties properties) {
        this.buckets = buckets;
        this.perAccount = window(properties.loginFailuresPerAccount(), properties.loginWindow());
        this.perIp = window(properties.loginFailuresPerIp(), properties.loginWindow());
    }

    /**
     * Reserves one failed-login attempt for this email (any case) from this client address.
     *
     * @throws ApiException 503 with {@code Retry-After} when Redis cannot be asked
     */
    public Attempt tryLogin(String email, String clientIp) {
        try {
            ProxyManager<String> manager = buckets.proxyManager();
            BucketProxy account = manager.getProxy("login-failures:account:" + digest(email), () -> perAccount);
            BucketProxy ip = manager.getProxy("login-failures:ip:" + clientIp, () -> perIp);
            ConsumptionProbe accountProbe = account.tryConsumeAndReturnRemaining(1);
            if (!accountProbe.isConsumed()) {
                return denied(accountProbe);
            }
            ConsumptionProbe ipProbe = ip.tryConsumeAndReturnRemaining(1);
            if (!ipProbe.isConsumed()) {
                account.addTokens(1);
                return denied(ipProbe);
            }
            return new Reserved(account, ip);
        } catch (RuntimeException e) {
            log.warn("Login rate limiter unavailable, refusing the attempt: {}", e.toString());
            throw ApiException.unavailable("Logging in is unavailable for a moment; try again shortly")
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        }
    }

    private static Attempt denied(ConsumptionProbe probe) {
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        return new Attempt() {
            @Override
            public boolean permitted() {
                return false;
            }

            @Override
            public Duration retryAfter() {
                return wait;
            }

            @Override
            public void succeeded() {
            }
        };
    }

    private record Reserved(BucketProxy account, BucketProxy ip) implements Attempt {

        @Override
        public boolean permitted() {
            return true;
        }

        @Override
        public Duration retryAfter() {
            return Duration.ZERO;
        }

        @Override
        public void succeeded() {
            try {
                account.addTokens(1);
                ip.addTokens(1);
            } catch (RuntimeException e) {
                log.warn("Could not return a login attempt to the rate limiter: {}", e.toString());
            }
        }
    }

    /** The whole window's attempts come back at once when it ends: at most N failures per window, never a trickle. */
    private static BucketConfiguration window(int failures, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillIntervally(failures, window).build())
                .build();
    }

    /** Keys hold a digest, not the email: Redis never learns who tried to log in. */
    private static String digest(String email) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
