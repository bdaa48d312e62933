package io.tandem.app.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bucket4j proxy manager every limiter shares: one Lettuce connection, keys under the configured prefix, and
 * buckets that expire from Redis once they would be full again.
 */
@Component
class RedisBuckets {

    private final RedisClient client;
    private final String keyPrefix;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile ProxyManager<String> buckets;

    RedisBuckets(RedisClient rateLimitRedisClient, @Value("${tandem.redis.key-prefix:tandem:}") String keyPrefix) {
        this.client = rateLimitRedisClient;
        this.keyPrefix = keyPrefix;
    }

    /** Connects on first use, so that the application starts (and serves, unlimited) while Redis is down. */
    ProxyManager<String> proxyManager() {
        ProxyManager<String> current = buckets;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (buckets == null) {
                connection = client.connect(ByteArrayCodec.INSTANCE);
                ProxyManager<byte[]> raw = Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(RedisClientConfig.TIMEOUT)
                        .build();
                buckets = raw.withMapper(key -> (keyPrefix + key).getBytes(StandardCharsets.UTF_8));
            }
            return buckets;
        }
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<byte[], byte[]> open = connection;
        if (open != null) {
            open.close();
        }
    }
}
