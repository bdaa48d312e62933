package io.tandem.app.crypto;

/**
 * Encrypted bytes did not authenticate: they were modified, or belong to another key or place. Never answered
 * with made-up plaintext; the message names no secret.
 */
public class TamperedDataException extends RuntimeException {

    TamperedDataException(String message) {
        super(message);
    }
}
