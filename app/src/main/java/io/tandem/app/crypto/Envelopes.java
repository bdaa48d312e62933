package io.tandem.app.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.app.crypto.DataKeys.DataKey;

/**
 * The sealed form of one text, {@code v1:<dataKeyId>:<base64 nonce+ciphertext+tag>}. The purpose (what the text is,
 * and where it belongs) is bound in as associated data, so a sealed text moved to another place does not open.
 */
final class Envelopes {

    private static final String VERSION = "v1";

    private Envelopes() {
    }

    static String seal(DataKey key, String purpose, String plaintext) {
        byte[] sealed = Aead.seal(key.key(), plaintext.getBytes(StandardCharsets.UTF_8), context(purpose, key.id()));
        return VERSION + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /** The plaintext, or {@link Sensitive#ERASED} when the data key is gone. */
    static String open(DataKeys keys, String purpose, String envelope) {
        String[] parts = envelope.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new TamperedDataException("Not an encrypted field of a known version");
        }
        UUID keyId;
        byte[] sealed;
        try {
            keyId = UUID.fromString(parts[1]);
            sealed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TamperedDataException("An encrypted field is malformed");
        }
        Optional<DataKey> key = keys.forDecryption(keyId);
        if (key.isEmpty()) {
            return Sensitive.ERASED;
        }
        return new String(Aead.open(key.get().key(), sealed, context(purpose, keyId)), StandardCharsets.UTF_8);
    }

    private static byte[] context(String purpose, UUID keyId) {
        return ("tandem:" + purpose + ":" + VERSION + ":" + keyId).getBytes(StandardCharsets.US_ASCII);
    }
}
