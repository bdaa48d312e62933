package io.tandem.app.account;

import java.time.Instant;

/** What a successful registration, login or refresh hands the client: the account and a fresh token pair. */
public record Session(Account account, String accessToken, Instant accessTokenExpiresAt, String refreshToken) {
}
