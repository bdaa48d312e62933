package io.tandem.app.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of health checks and metrics ({@code tandem.ops.*}).
 *
 * @param healthTimeout how long {@code /health} waits for each dependency (they are asked in parallel)
 * @param taskCountCacheTime how long the task counts behind {@code tasks_total} are reused between scrapes
 */
@ConfigurationProperties("tandem.ops")
record OpsProperties(
        @DefaultValue("PT2S") Duration healthTimeout,
        @DefaultValue("PT15S") Duration taskCountCacheTime) {
}
