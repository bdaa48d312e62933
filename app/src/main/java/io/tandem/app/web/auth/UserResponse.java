package io.tandem.app.web.auth;

import java.time.Instant;
import java.util.UUID;

import io.tandem.app.account.Account;

/** The contract's {@code User}. */
record UserResponse(UUID id, String email, String name, String avatar, boolean emailVerified, Instant lastLoginAt,
        Instant createdAt, Instant updatedAt) {

    static UserResponse of(Account account) {
        return new UserResponse(account.id(), account.email(), account.name(), account.avatar(),
                account.emailVerified(), account.lastLoginAt(), account.createdAt(), account.updatedAt());
    }
}
