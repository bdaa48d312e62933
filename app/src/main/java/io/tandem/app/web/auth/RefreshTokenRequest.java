package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotBlank;

/** The body of refresh and logout. */
record RefreshTokenRequest(@NotBlank String refreshToken) {
}
