package io.tandem.app.web.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

record LoginRequest(@NotBlank String email, @NotNull String password) {

    LoginRequest {
        email = email == null ? null : email.strip();
    }
}
