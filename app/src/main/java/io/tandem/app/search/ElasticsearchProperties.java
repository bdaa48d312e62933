package io.tandem.app.search;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Elasticsearch answers and how long to wait for it.
 *
 * @param url            base URL, e.g. {@code http://127.0.0.1:9200}
 * @param connectTimeout a refused or unroutable connection fails after this, so search answers 503 promptly
 * @param socketTimeout  the longest wait for one answer
 */
@ConfigurationProperties("tandem.elasticsearch")
record ElasticsearchProperties(@DefaultValue("http://127.0.0.1:9200") URI url,
                               @DefaultValue("PT2S") Duration connectTimeout,
                               @DefaultValue("PT30S") Duration socketTimeout) {
}
