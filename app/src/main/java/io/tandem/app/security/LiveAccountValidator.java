package io.tandem.app.security;

import java.util.UUID;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Refuses (401) an otherwise valid access token whose account was erased after it was issued. */
final class LiveAccountValidator implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error GONE = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The account no longer exists", null);

    private final AccountStatus accounts;

    LiveAccountValidator(AccountStatus accounts) {
        this.accounts = accounts;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        UUID subject;
        try {
            subject = UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "The token names no account", null));
        }
        return accounts.isActive(subject) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(GONE);
    }
}
