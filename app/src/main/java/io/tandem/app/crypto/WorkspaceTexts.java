package io.tandem.app.crypto;

import java.util.Optional;
import java.util.UUID;

import io.tandem.api.Sensitive;

/**
 * Seals texts that are kept outside the event store (held sync conflicts, for one) under their workspace's data
 * key, so that deleting the workspace forgets them too. The purpose names what a text is and where it is kept; it
 * must be the same to open it, so a sealed text copied to another row or column does not open.
 */
public class WorkspaceTexts {

    private final DataKeys keys;

    WorkspaceTexts(DataKeys keys) {
        this.keys = keys;
    }

    /** The sealed text; empty when the workspace's key was destroyed (the workspace was deleted). */
    public Optional<String> seal(UUID workspaceId, String purpose, String plaintext) {
        return keys.forEncryption(Sensitive.Scope.WORKSPACE, workspaceId)
                .map(key -> Envelopes.seal(key, purpose, plaintext));
    }

    /**
     * The plaintext, or {@link Sensitive#ERASED} once the key is destroyed; {@link TamperedDataException} when the
     * text was changed or belongs to another purpose.
     */
    public String open(String purpose, String sealed) {
        return Envelopes.open(keys, purpose, sealed);
    }
}
