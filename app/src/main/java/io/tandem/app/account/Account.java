package io.tandem.app.account;

import java.time.Instant;
import java.util.UUID;

/** A user's own view of its account; never carries the password hash. */
public record Account(UUID id, String email, String name, String avatar, boolean emailVerified,
        Instant lastLoginAt, Instant createdAt, Instant updatedAt) {
}
