package io.tandem.app.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.tandem.app.problem.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Limits API requests per authenticated user, and per client IP for requests without a valid token. It sits in the
 * security filter chain just after the bearer token is read, so it knows who calls; every limited answer carries
 * the RateLimit headers, and a request over the limit gets 429 problem details with {@code Retry-After}.
 *
 * <p>Only {@code /api/**} and the {@code /ws} handshake count: probes, metrics and the API description never do.
 * When Redis is unreachable the filter lets requests through (a warning at most every half minute).
 */
public class ApiRateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiRateLimitFilter.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final RedisBuckets buckets;
    private final HandlerExceptionResolver problems;
    private final Limit perUser;
    private final Limit perIp;
    private final Duration window;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    /**
     * The buckets in use, each holding what this replica took since it last settled with Redis. Bounded, so that
     * requests from ever new addresses cannot fill the heap; a bucket dropped early forgets at most a twentieth of
     * its limit.
     */
    private final Cache<String, Bucket> inUse;

    ApiRateLimitFilter(RedisBuckets buckets, RateLimitProperties properties, HandlerExceptionResolver problems) {
        this.buckets = buckets;
        this.problems = problems;
        this.window = properties.apiWindow();
        this.perUser = new Limit(properties.apiRequests(), window);
        this.perIp = new Limit(properties.apiRequestsPerIp(), window);
        this.inUse = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(window).build();
    }

    /**
     * A bucket shape: {@code requests} per window, refilled evenly (no burst of twice the limit at a boundary). A
     * replica serves up to a twentieth of the limit from its own copy of a bucket, settling with Redis once that
     * much is taken or a twentieth of the window has passed: two Redis round trips per request were a tenth of a
     * search's time. Between settlements the replicas together may let through that many requests each beyond the
     * limit; one replica alone keeps it exactly. Limits under 40 requests are settled on every request.
     */
    private record Limit(long requests, BucketConfiguration configuration, Optimization optimization) {

        Limit(long requests, Duration window) {
            this(requests, BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, window).build())
                    .build(), requests / 20 < 2 ? null
                    : Optimizations.delaying(new DelayParameters(requests / 20, window.dividedBy(20))));
        }

        Bucket bucket(ProxyManager<String> buckets, String key) {
            RemoteBucketBuilder<String> builder = buckets.builder();
            if (optimization != null) {
                builder = builder.withOptimization(optimization);
            }
            return builder.build(key, this::configuration);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.equals("/ws"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // A signed-in user counts by their id (the access token's subject); anyone else by address.
        Quota quota = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken user
                && user.isAuthenticated()
                ? take("api:user:" + user.getToken().getSubject(), perUser)
                : take("api:ip:" + request.getRemoteAddr(), perIp);
        if (quota != null) {
            quota.writeTo(response);
            if (!quota.permitted()) {
                ApiException refusal = ApiException.tooManyRequests(
                        "Too many requests; retry after " + quota.retryAfterSeconds() + " s", quota.retryAfterSeconds());
                quota.writeTo(refusal.headers());
                problems.resolveException(request, response, null, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The quota after taking one request, or null when Redis cannot be asked (fail open). */
    private Quota take(String key, Limit limit) {
        try {
            ConsumptionProbe probe = inUse.get(key, k -> limit.bucket(buckets.proxyManager(), k))
                    .tryConsumeAndReturnRemaining(1);
            return Quota.of(probe, limit.requests(), window);
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("API rate limiter unavailable, allowing requests: {}", e.toString());
            }
            return null;
        }
    }
}
