package io.tandem.app.web.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Surrounding blanks of email and name are dropped before validation; the password is taken as typed. */
record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a valid email address")
        String email,
        @NotNull @Size(min = 10, max = 72, message = "must be 10 to 72 characters long") String password,
        @NotBlank @Size(max = 100) String name) {

    RegisterRequest {
        email = email == null ? null : email.strip();
        name = name == null ? null : name.strip();
    }
}
