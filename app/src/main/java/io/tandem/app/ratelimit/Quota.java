package io.tandem.app.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/**
 * What a bucket says after a request took from it, in the terms of the IETF RateLimit header fields draft
 * ({@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset} in seconds, {@code -Policy}).
 */
record Quota(long limit, long windowSeconds, long remaining, long resetSeconds, long retryAfterSeconds,
             boolean permitted) {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    static final String POLICY = "RateLimit-Policy";

    static Quota of(ConsumptionProbe probe, long limit, Duration window) {
        return new Quota(limit, window.toSeconds(), Math.max(0, probe.getRemainingTokens()),
                seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())),
                probe.isConsumed());
    }

    void writeTo(HttpServletResponse response) {
        response.setHeader(LIMIT, String.valueOf(limit));
        response.setHeader(REMAINING, String.valueOf(remaining));
        response.setHeader(RESET, String.valueOf(resetSeconds));
        response.setHeader(POLICY, limit + ";w=" + windowSeconds);
    }

    void writeTo(HttpHeaders headers) {
        headers.set(LIMIT, String.valueOf(limit));
        headers.set(REMAINING, String.valueOf(remaining));
        headers.set(RESET, String.valueOf(resetSeconds));
        headers.set(POLICY, limit + ";w=" + windowSeconds);
    }

    /** Rounded up: a client that waits the advertised seconds must find the token there. */
    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
