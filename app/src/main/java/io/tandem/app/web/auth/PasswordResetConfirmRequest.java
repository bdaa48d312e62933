package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/password-reset/confirm}; the password follows the rules of registration. */
record PasswordResetConfirmRequest(
        @NotBlank @Size(max = 200) String token,
        @NotNull @Size(min = 10, max = 72, message = "must be 10 to 72 characters long") String password) {
}
