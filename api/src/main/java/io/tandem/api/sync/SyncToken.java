package io.tandem.api.sync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;

/**
 * A position in a workspace's sync log: just after operation {@code seq} (0 is the start). Clients see it only
 * as an opaque string, so its encoding can change under a new version prefix.
 */
public record SyncToken(UUID workspaceId, long seq) {

    private static final String VERSION = "v1";

    public SyncToken {
        if (workspaceId == null || seq < 0) {
            throw new IllegalArgumentException("A sync token needs a workspace and a position of 0 or more");
        }
    }

    public static SyncToken start(UUID workspaceId) {
        return new SyncToken(workspaceId, 0);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + ":" + workspaceId + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a client's token; null or blank means the start. Anything else that is not ours is refused. */
    public static SyncToken decode(String token, UUID workspaceId, String field) {
        if (token == null || token.isBlank()) {
            return start(workspaceId);
        }
        SyncToken decoded;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown token format");
            }
            decoded = new SyncToken(UUID.fromString(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.VALIDATION, field, "is not a sync token of this server");
        }
        if (!decoded.workspaceId().equals(workspaceId)) {
            throw new DomainException(ErrorCode.VALIDATION, field, "is a sync token of another workspace");
        }
        return decoded;
    }
}
