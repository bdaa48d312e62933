package io.tandem.app.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gives Spring's HTTP server timer the name and labels of the backend plan, with histogram buckets. */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    static final String SPRING_HTTP_SERVER = "http.server.requests";
    /** Rendered by Prometheus as {@code http_request_duration_seconds_{bucket,count,sum}}. */
    static final String HTTP_REQUEST_DURATION = "http.request.duration";

    private static final double[] BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    @Bean
    MeterFilter httpRequestDuration() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!SPRING_HTTP_SERVER.equals(id.getName())) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    String key = switch (tag.getKey()) {
                        case "uri" -> "route";
                        case "status" -> "status_code";
                        default -> tag.getKey();
                    };
                    tags.add(Tag.of(key, tag.getValue()));
                }
                return id.withName(HTTP_REQUEST_DURATION).replaceTags(tags);
            }

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_REQUEST_DURATION.equals(id.getName())) {
                    return config;
                }
                double[] nanos = new double[BUCKETS.length];
                for (int i = 0; i < BUCKETS.length; i++) {
                    nanos[i] = Duration.ofMillis((long) BUCKETS[i]).toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
