package io.tandem.app.crypto;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of field encryption ({@code tandem.crypto.*}).
 *
 * @param masterKeys       {@code <keyId>:<base64 32 bytes>} entries, comma-separated, the first one current; empty
 *                         means "generate one and keep it in dataDir" (development only)
 * @param dataDir          where a generated master key is kept
 * @param keyCacheTtl      how long an unwrapped data key (or the news that it was destroyed) is kept in memory; also
 *                         how long another replica may still read a workspace's text after it was deleted
 * @param keyCacheSize     at most this many data keys in memory
 * @param rewrapOnStartup  whether data keys wrapped by an older listed master key are rewrapped with the current one
 *                         when the application starts
 */
@ConfigurationProperties("tandem.crypto")
public record CryptoProperties(
        String masterKeys,
        @DefaultValue("./.data") Path dataDir,
        @DefaultValue("PT1M") Duration keyCacheTtl,
        @DefaultValue("10000") long keyCacheSize,
        @DefaultValue("true") boolean rewrapOnStartup) {
}
