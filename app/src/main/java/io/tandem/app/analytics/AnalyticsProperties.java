package io.tandem.app.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of analytics ({@code tandem.analytics.*}).
 *
 * @param cacheTtl how long a cached answer lives at most; bounds how late a task turning overdue (which no event
 *                 announces) shows in the overview
 */
@ConfigurationProperties("tandem.analytics")
record AnalyticsProperties(@DefaultValue("PT60S") Duration cacheTtl) {
}
