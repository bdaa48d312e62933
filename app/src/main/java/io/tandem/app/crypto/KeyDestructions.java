package io.tandem.app.crypto;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tandem.api.Sensitive;
import io.tandem.app.redis.LazyRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells every replica when a data key is destroyed (a workspace deleted, an account erased), over the Redis channel
 * {@code <prefix>data-keys}, so that each forgets the key it may hold in memory at once instead of when its cache
 * entry expires ({@code TANDEM_KEY_CACHE_TTL}). Best effort: while Redis is unreachable the expiry still bounds it.
 */
@Component
class KeyDestructions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyDestructions.class);

    private final DataKeys keys;
    private final RedisClient client;
    private final LazyRedisConnection publisher;
    private final String channel;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "key-destructions");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean running;

    KeyDestructions(DataKeys keys, RedisClient rateLimitRedisClient,
                    @Value("${tandem.redis.key-prefix:tandem:}") String prefix) {
        this.keys = keys;
        this.client = rateLimitRedisClient;
        this.publisher = new LazyRedisConnection(rateLimitRedisClient);
        this.channel = prefix + "data-keys";
    }

    private void publish(DataKeys.Destroyed destroyed) {
        String message = destroyed.scope().name() + " " + destroyed.scopeId() + " " + destroyed.keyId();
        try {
            publisher.get().async().publish(channel, message).whenComplete((receivers, error) -> {
                if (error != null) {
                    log.warn("Could not tell the other replicas that data key {} was destroyed (they forget it when "
                            + "their cache entry expires): {}", destroyed.keyId(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not tell the other replicas that data key {} was destroyed (they forget it when their "
                    + "cache entry expires): {}", destroyed.keyId(), e.toString());
        }
    }

    private void heard(String message) {
        String[] parts = message.split(" ");
        try {
            keys.forgetDestroyed(new DataKeys.Destroyed(Sensitive.Scope.valueOf(parts[0]), UUID.fromString(parts[1]),
                    UUID.fromString(parts[2])));
        } catch (RuntimeException e) {
            log.warn("Ignoring an unreadable data-key message: {}", e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        keys.announceDestructions(this::publish);
        subscribe();
    }

    /** Lettuce subscribes again by itself after a lost connection; this covers Redis being down at start. */
    private void subscribe() {
        if (!running || subscription != null) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    heard(message);
                }
            });
            connection.sync().subscribe(channel);
            subscription = connection;
        } catch (RuntimeException e) {
            log.warn("Cannot hear of destroyed data keys yet, retrying: {}", e.toString());
            retries.schedule(this::subscribe, 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        retries.shutdownNow();
        StatefulRedisPubSubConnection<String, String> open = subscription;
        subscription = null;
        if (open != null) {
            open.close();
        }
        publisher.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
