package io.tandem.app.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.tandem.api.analytics.AnalyticsPeriod;
import io.tandem.api.analytics.FindAnalyticsStampQuery;
import jakarta.annotation.PreDestroy;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Caches analytics answers in Redis under {@code <prefix>analytics:<workspaceId>:<view>}.
 *
 * <p>Each entry carries the workspace's stamp (see {@link FindAnalyticsStampQuery}) read <em>before</em> the answer
 * was computed, and is served only while the stamp is unchanged. The stamps are written in the same transactions as
 * the read models, so an entry can never outlive a change it missed, whatever order the processors, the evictions and
 * concurrent readers run in: a command whose answer has waited for its read model makes every older entry stale at
 * once. Eviction after each event only frees the memory early; the TTL covers what no event announces (time making
 * tasks overdue). When Redis is unreachable, answers are computed and served without the cache.
 */
@Component
public class AnalyticsCache {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsCache.class);

    private final RedisClient client;
    private final QueryGateway queries;
    private final ObjectMapper mapper;
    private final String keyPrefix;
    private final AnalyticsProperties properties;
    private volatile StatefulRedisConnection<String, String> connection;

    AnalyticsCache(RedisClient client, QueryGateway queries, ObjectMapper mapper, AnalyticsProperties properties,
                   @Value("${tandem.redis.key-prefix:tandem:}") String keyPrefix) {
        this.client = client;
        this.queries = queries;
        this.mapper = mapper;
        this.properties = properties;
        this.keyPrefix = keyPrefix;
    }

    /** The cached answer for this view of the workspace if still current, otherwise {@code compute}'s, then cached. */
    public <T> T get(UUID workspaceId, String view, Class<T> type, Supplier<T> compute) {
        long stamp = queries.query(new FindAnalyticsStampQuery(workspaceId), Long.class).join();
        String key = key(workspaceId, view);
        try {
            String cached = redis().get(key);
            if (cached != null) {
                JsonNode entry = mapper.readTree(cached);
                if (entry.path("stamp").asLong(-1) == stamp) {
                    return mapper.treeToValue(entry.get("value"), type);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Analytics cache unreadable, computing {}: {}", key, e.toString());
        }
        T value = compute.get();
        try {
            redis().set(key, mapper.writeValueAsString(new Entry<>(stamp, value)),
                    SetArgs.Builder.px(properties.cacheTtl().toMillis()));
        } catch (RuntimeException e) {
            log.warn("Analytics cache not written for {}: {}", key, e.toString());
        }
        return value;
    }

    /** Drops every cached view of the workspace. */
    public void evict(UUID workspaceId) {
        try {
            redis().del(views().stream().map(view -> key(workspaceId, view)).toArray(String[]::new));
        } catch (RuntimeException e) {
            // Harmless: the stamps already make the entries stale, and the TTL removes them.
            log.warn("Analytics cache of workspace {} not evicted: {}", workspaceId, e.toString());
        }
    }

    /** The Redis key of one view of a workspace. */
    public String key(UUID workspaceId, String view) {
        return keyPrefix + "analytics:" + workspaceId + ":" + view;
    }

    /** Every view name a workspace can have cached. */
    public static List<String> views() {
        List<String> views = new ArrayList<>();
        views.add(overview());
        for (AnalyticsPeriod period : AnalyticsPeriod.values()) {
            views.add(trends(period));
            views.add(productivity(period));
        }
        return views;
    }

    public static String overview() {
        return "overview";
    }

    public static String trends(AnalyticsPeriod period) {
        return "trends:" + period.label();
    }

    public static String productivity(AnalyticsPeriod period) {
        return "productivity:" + period.label();
    }

    /** Connects on first use, so that the application starts (and analytics answer) while Redis is down. */
    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect(StringCodec.UTF8);
                }
                current = connection;
            }
        }
        return current.sync();
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }

    record Entry<T>(long stamp, T value) {
    }
}
