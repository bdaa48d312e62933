package io.tandem.projection.search;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the task search index.
 *
 * @param indexPrefix    names the read alias ({@code <prefix>}), the write alias ({@code <prefix>-write}) and the
 *                       versioned indices behind them ({@code <prefix>-v1}, {@code -v2}...)
 * @param rebuild        replay the event store into a new index at startup, then switch the aliases to it
 * @param rebuildTimeout how long a rebuild may take to catch up before it gives up (the old index stays in use)
 */
@ConfigurationProperties("tandem.search")
public record SearchProperties(@DefaultValue("tandem-tasks") String indexPrefix,
                               @DefaultValue("false") boolean rebuild,
                               @DefaultValue("PT1H") Duration rebuildTimeout) {

    public SearchProperties {
        // Elasticsearch index names are lowercase and must not start with these characters.
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("tandem.search.index-prefix must be lowercase letters, digits, '.', '_'"
                    + " or '-', not starting with a symbol: " + indexPrefix);
        }
    }
}
