package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotNull;

/** The body of {@code DELETE /auth/me}: the password again, because erasure cannot be undone. */
record EraseAccountRequest(@NotNull String password) {
}
