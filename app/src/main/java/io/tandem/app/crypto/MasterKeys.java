package io.tandem.app.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.tandem.app.security.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master keys that wrap data keys, by id. The first listed is current: new data keys are wrapped with it, and
 * keys wrapped by the others are rewrapped with it. An id that is no longer listed can no longer unwrap anything,
 * so an operator drops an old master key only after the rewrap ran.
 */
final class MasterKeys {

    static final String FILE_NAME = "master-keys";
    static final String GENERATED_ID = "local";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private MasterKeys(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
        this.currentId = keys.keySet().iterator().next();
    }

    /** From {@code TANDEM_MASTER_KEYS} when given, otherwise from (or generated into) a file under the data dir. */
    static MasterKeys load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return parse(configured);
        }
        return parse(fromFile(dataDir));
    }

    static MasterKeys parse(String spec) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException("A TANDEM_MASTER_KEYS entry is <keyId>:<base64 of 32 bytes>");
            }
            String id = trimmed.substring(0, colon).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalStateException("Master key ids are 1 to 64 of A-Z a-z 0-9 . _ -, got '" + id + "'");
            }
            byte[] bytes = decode(id, trimmed.substring(colon + 1).strip());
            if (bytes.length != Aead.KEY_BYTES) {
                throw new IllegalStateException("Master key '" + id + "' must be " + Aead.KEY_BYTES
                        + " bytes (AES-256), got " + bytes.length);
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new IllegalStateException("Master key id '" + id + "' is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("TANDEM_MASTER_KEYS lists no key");
        }
        return new MasterKeys(keys);
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    Set<String> ids() {
        return keys.keySet();
    }

    /** Names the ids only: the key bytes never reach a log. */
    @Override
    public String toString() {
        return "MasterKeys" + keys.keySet() + " current=" + currentId;
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Master key '" + id + "' is not valid base64");
            }
        }
    }

    private static String fromFile(Path dataDir) {
        SecretFiles.Secret secret = SecretFiles.readOrCreate(dataDir, FILE_NAME,
                () -> GENERATED_ID + ":" + Base64.getEncoder().encodeToString(Aead.randomKey()));
        if (secret.generated()) {
            log.warn("TANDEM_MASTER_KEYS is not set; generated a master key in {}. Production must set "
                    + "TANDEM_MASTER_KEYS (and keep it apart from the database backups): whoever loses it loses every "
                    + "encrypted field.", dataDir.resolve(FILE_NAME).toAbsolutePath());
        }
        return secret.text();
    }
}
