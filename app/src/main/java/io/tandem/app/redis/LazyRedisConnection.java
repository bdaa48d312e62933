package io.tandem.app.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One Redis connection, opened on first use (so the application starts while Redis is down) and shared by its
 * owner's threads; closed by its owner.
 */
public final class LazyRedisConnection implements AutoCloseable {

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public LazyRedisConnection(RedisClient client) {
        this.client = client;
    }

    public StatefulRedisConnection<String, String> get() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                connection = client.connect();
            }
            return connection;
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }
}
