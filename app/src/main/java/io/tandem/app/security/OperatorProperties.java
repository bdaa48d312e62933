package io.tandem.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of operator access ({@code tandem.operator.*}).
 *
 * @param token the bearer token of the operator endpoints ({@code /api/v1/operator/**}); empty disables them
 */
@ConfigurationProperties("tandem.operator")
public record OperatorProperties(String token) {

    /** Shorter tokens could be guessed; {@code openssl rand -base64 32} gives 44 characters. */
    static final int MIN_TOKEN_LENGTH = 32;

    public OperatorProperties {
        token = token == null || token.isBlank() ? null : token.strip();
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("TANDEM_OPERATOR_TOKEN must be at least " + MIN_TOKEN_LENGTH
                    + " characters long (e.g. openssl rand -base64 32)");
        }
    }
}
