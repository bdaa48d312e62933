package io.tandem.app.ratelimit;

import java.time.Duration;
import java.util.UUID;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.tandem.app.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Limits the operations a user pushes through sync (by default 50 per 10 seconds, refilled evenly), counted per
 * operation rather than per request, and shared by every replica through Redis.
 *
 * <p>A push larger than the whole bucket would otherwise never fit: it is let through when the bucket is full and
 * leaves the bucket in debt for the excess, so the user's next pushes wait until the average rate is met again.
 * When Redis is unreachable the limiter fails open with a warning.
 */
@Component
public class SyncRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SyncRateLimiter.class);

    private final RedisBuckets buckets;
    private final BucketConfiguration configuration;
    private final long capacity;
    private final Duration window;

    SyncRateLimiter(RedisBuckets buckets, RateLimitProperties properties) {
        this.buckets = buckets;
        this.capacity = properties.syncOperations();
        this.window = properties.syncWindow();
        this.configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build();
    }

    /**
     * Takes {@code operations} pushed operations from the user's budget; call it before applying a push.
     *
     * @throws ApiException 429 with {@code Retry-After} and the RateLimit headers of the sync budget when the user
     *                      has pushed too much; nothing was taken then
     */
    public void acquire(UUID userId, int operations) {
        if (operations <= 0) {
            return;
        }
        ConsumptionProbe probe;
        try {
            BucketProxy bucket = buckets.proxyManager().getProxy("sync:user:" + userId, () -> configuration);
            long now = Math.min(operations, capacity);
            probe = bucket.tryConsumeAndReturnRemaining(now);
            if (probe.isConsumed() && operations > capacity) {
                bucket.consumeIgnoringRateLimits(operations - capacity);
            }
        } catch (RuntimeException e) {
            log.warn("Sync rate limiter unavailable, allowing the push: {}", e.toString());
            return;
        }
        if (!probe.isConsumed()) {
            Quota quota = Quota.of(probe, capacity, window);
            ApiException refusal = ApiException.tooManyRequests("Too many pushed operations; retry after "
                    + quota.retryAfterSeconds() + " s", quota.retryAfterSeconds());
            quota.writeTo(refusal.headers());
            throw refusal;
        }
    }
}
