package io.tandem.app.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tandem.app.redis.LazyRedisConnection;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The deny-list of access tokens that stopped before their expiry: one token (by its {@code jti}), a login session
 * (by its {@code sid}, the refresh token family, so every access token it issued), or every token of an account
 * (erasure). Entries live in Redis, shared by all replicas, for as long as a denied token could still be presented
 * (the access-token lifetime at most), and in this replica's memory for the same time, so a revocation made here
 * holds here also while Redis is down. While Redis is unreachable, revocations made on other replicas are not seen
 * (the check fails open, as the API limiter does; the account check still refuses erased accounts).
 *
 * <p>Each revocation is also announced in this process ({@link AccessRevoked}), so that open sockets of the account
 * re-check their token on every replica.
 */
@Component
public class RevokedAccess {

    /** An account's access was cut: its sockets, wherever they are, check their token again. */
    public record AccessRevoked(UUID userId) {
    }

    private static final Logger log = LoggerFactory.getLogger(RevokedAccess.class);

    private final String prefix;
    private final Duration accessTokenTtl;
    private final ApplicationEventPublisher events;
    private final Cache<String, Boolean> local;
    private final LazyRedisConnection connection;

    RevokedAccess(RedisClient rateLimitRedisClient, @Value("${tandem.redis.key-prefix:tandem:}") String prefix,
                  AuthProperties properties, ApplicationEventPublisher events) {
        this.connection = new LazyRedisConnection(rateLimitRedisClient);
        this.prefix = prefix + "revoked:";
        this.accessTokenTtl = properties.accessTokenTtl();
        this.events = events;
        this.local = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(accessTokenTtl).build();
    }

    /** Ends the access token presented (until it would expire) and every other one of its login session. */
    public void revokeSession(UUID userId, UUID sessionId, Jwt presented) {
        if (sessionId != null) {
            deny(sessionKey(sessionId), accessTokenTtl);
        }
        if (presented != null && presented.getId() != null && presented.getExpiresAt() != null) {
            deny(tokenKey(presented.getId()), Duration.between(Instant.now(), presented.getExpiresAt()));
        }
        events.publishEvent(new AccessRevoked(userId));
    }

    /** Ends every access token of the account issued so far. */
    public void revokeAccount(UUID userId) {
        deny(userKey(userId), accessTokenTtl);
        events.publishEvent(new AccessRevoked(userId));
    }

    /** Whether the token, or its session, or its account, was revoked. */
    boolean isRevoked(Jwt token) {
        List<String> keys = new ArrayList<>(3);
        keys.add(prefix + "user:" + token.getSubject());
        if (token.getId() != null) {
            keys.add(prefix + "token:" + token.getId());
        }
        String session = token.getClaimAsString(AccessTokens.SESSION_CLAIM);
        if (session != null) {
            keys.add(prefix + "session:" + session);
        }
        for (String key : keys) {
            if (local.getIfPresent(key) != null) {
                return true;
            }
        }
        try {
            return redis().sync().exists(keys.toArray(String[]::new)) > 0;
        } catch (RuntimeException e) {
            log.warn("Redis unavailable for the token deny-list; only this replica's revocations apply: {}",
                    e.toString());
            return false;
        }
    }

    private void deny(String key, Duration remaining) {
        local.put(key, Boolean.TRUE);
        long millis = remaining.toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            redis().sync().set(key, Instant.now().toString(), SetArgs.Builder.px(millis));
        } catch (RuntimeException e) {
            log.warn("Redis unavailable: revocation {} holds on this replica only: {}", key,
                    e.toString());
        }
    }

    private String sessionKey(UUID sessionId) {
        return prefix + "session:" + sessionId;
    }

    private String tokenKey(String jti) {
        return prefix + "token:" + jti;
    }

    private String userKey(UUID userId) {
        return prefix + "user:" + userId;
    }

    /** Connects on first use, so that the application starts while Redis is down. */
    private StatefulRedisConnection<String, String> redis() {
        return connection.get();
    }

    @PreDestroy
    void close() {
        connection.close();
    }
}
