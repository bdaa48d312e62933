package io.tandem.app.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The WebSocket's share of the rate limits ({@code tandem.rate-limit.ws-per-second}).
 *
 * @param wsPerSecond client frames a connection may send per second; excess frames are answered with an error
 */
@ConfigurationProperties("tandem.rate-limit")
record FrameRateProperties(@DefaultValue("10") int wsPerSecond) {
}
