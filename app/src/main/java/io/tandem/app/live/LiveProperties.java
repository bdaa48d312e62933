package io.tandem.app.live;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the WebSocket ({@code tandem.live.*}).
 *
 * @param sendTimeLimit       how long one send to a client may take before the connection is closed as too slow
 * @param sendBufferSizeLimit how much may wait for a slow client before the connection is closed
 * @param maxFrameSize        the largest client frame accepted
 * @param presenceTtl         how long a presence entry outlives the last sign of its connection (a crashed replica's
 *                            users disappear after it)
 * @param deliveryThreads     threads that write frames to clients; a stuck client holds at most one of them
 * @param allowedOrigins      origin patterns allowed to open the socket; tokens, not cookies, authenticate it
 * @param accessRecheck       how often each socket's token and memberships are checked again, a backstop for
 *                            revocations and removals whose announcement (Redis pub/sub) was lost
 */
@ConfigurationProperties("tandem.live")
record LiveProperties(
        @DefaultValue("PT5S") Duration sendTimeLimit,
        @DefaultValue("512KB") DataSize sendBufferSizeLimit,
        @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue("PT60S") Duration presenceTtl,
        @DefaultValue("8") int deliveryThreads,
        @DefaultValue("*") List<String> allowedOrigins,
        @DefaultValue("PT30S") Duration accessRecheck) {
}
