package io.tandem.app.ratelimit;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Lettuce client of its own for the limiter: bucket4j needs a raw byte-array connection, and short timeouts make
 * a Redis outage cost a login two seconds instead of a minute.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfig {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "shutdown")
    RedisClient rateLimitRedisClient(@Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                // While disconnected, fail at once instead of queueing commands until the timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }
}
