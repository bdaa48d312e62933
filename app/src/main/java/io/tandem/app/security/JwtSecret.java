package io.tandem.app.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 signing key: from the environment when given, otherwise generated once and kept in a file readable only
 * by its owner, so that a restart keeps every issued token valid.
 */
final class JwtSecret {

    static final int MIN_BYTES = 32;
    static final String FILE_NAME = "jwt-secret";

    private static final Logger log = LoggerFactory.getLogger(JwtSecret.class);

    private JwtSecret() {
    }

    static SecretKey load(String configured, Path dataDir) {
        byte[] key = configured != null && !configured.isBlank() ? decode(configured.strip()) : fromFile(dataDir);
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("The JWT secret must be at least " + MIN_BYTES + " bytes, got "
                    + key.length + " (TANDEM_JWT_SECRET is base64)");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("TANDEM_JWT_SECRET is not valid base64", e);
            }
        }
    }

    private static byte[] fromFile(Path dataDir) {
        SecretFiles.Secret secret = SecretFiles.readOrCreate(dataDir, FILE_NAME, () -> {
            byte[] key = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        });
        if (secret.generated()) {
            log.warn("TANDEM_JWT_SECRET is not set; generated a signing key in {}. Set TANDEM_JWT_SECRET when "
                    + "more than one instance serves the API.", dataDir.resolve(FILE_NAME).toAbsolutePath());
        }
        return decode(secret.text());
    }
}
