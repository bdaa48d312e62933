package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/verify}: the token from the verification mail. */
record VerifyEmailRequest(@NotBlank @Size(max = 200) String token) {
}
