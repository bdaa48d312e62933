package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/password-reset}: the address to mail a reset link to, if it has an account. */
record PasswordResetRequest(@NotBlank @Size(max = 254) String email) {

    PasswordResetRequest {
        email = email == null ? null : email.strip();
    }
}
