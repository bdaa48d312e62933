package io.tandem.app.web.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit endpoints ({@code tandem.audit.*}).
 *
 * @param maxPageSize    the largest {@code limit} of a JSON page
 * @param streamPageSize how many events an NDJSON stream reads (and holds) at a time
 */
@ConfigurationProperties("tandem.audit")
record AuditProperties(@DefaultValue("1000") int maxPageSize, @DefaultValue("500") int streamPageSize) {
}
