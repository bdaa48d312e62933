package io.tandem.app.web.auth;

import io.tandem.app.account.Session;

/** The contract's {@code AuthResponse}; {@code expiresAt} is the access token's expiry in epoch milliseconds. */
record AuthResponse(UserResponse user, String accessToken, String refreshToken, long expiresAt, String tokenType) {

    static AuthResponse of(Session session) {
        return new AuthResponse(UserResponse.of(session.account()), session.accessToken(), session.refreshToken(),
                session.accessTokenExpiresAt().toEpochMilli(), "Bearer");
    }
}
