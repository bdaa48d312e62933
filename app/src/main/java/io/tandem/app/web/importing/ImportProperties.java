package io.tandem.app.web.importing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the import ({@code tandem.import.*}).
 *
 * @param parallelism    chunks of tasks in flight at once, over all imports
 * @param chunkSize      tasks created in one database transaction
 * @param maxItems       tasks plus categories one request may carry; more answers 413
 * @param catchUpTimeout how long an import waits for the read models before answering 503
 */
@ConfigurationProperties("tandem.import")
record ImportProperties(@DefaultValue("8") int parallelism, @DefaultValue("100") int chunkSize,
                        @DefaultValue("20000") int maxItems,
                        @DefaultValue("PT2M") Duration catchUpTimeout) {
}
