package io.tandem.app.live;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tandem.app.redis.LazyRedisConnection;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Live delivery's Redis: the app's Lettuce client (short timeouts, failing fast while Redis is down), one lazily
 * opened connection, and the key prefix read once (so that every key and channel of this process agrees).
 */
@Component
class LiveRedis {

    final RedisClient client;
    private final String prefix;
    private final LazyRedisConnection connection;

    LiveRedis(RedisClient rateLimitRedisClient, @Value("${tandem.redis.key-prefix:tandem:}") String prefix) {
        this.client = rateLimitRedisClient;
        this.prefix = prefix;
        this.connection = new LazyRedisConnection(rateLimitRedisClient);
    }

    /** A key or channel name of this deployment. */
    String key(String name) {
        return prefix + name;
    }

    /** Connects on first use, so that the application starts while Redis is down. */
    RedisCommands<String, String> sync() {
        return connection().sync();
    }

    RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    private StatefulRedisConnection<String, String> connection() {
        return connection.get();
    }

    @PreDestroy
    void close() {
        connection.close();
    }
}
