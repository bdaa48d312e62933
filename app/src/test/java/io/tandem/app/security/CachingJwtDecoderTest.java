package io.tandem.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class CachingJwtDecoderTest {

    private final AtomicInteger verified = new AtomicInteger();
    private final AtomicInteger validated = new AtomicInteger();
    private final AtomicBoolean accountActive = new AtomicBoolean(true);

    private final CachingJwtDecoder decoder = new CachingJwtDecoder(token -> {
        verified.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("user")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }, jwt -> {
        validated.incrementAndGet();
        return accountActive.get() ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "account erased", null));
    }, 100, Duration.ofMinutes(5));

    @Test
    void aTokenIsVerifiedOnceButValidatedOnEveryRequest() {
        assertThat(decoder.decode("good-token").getSubject()).isEqualTo("user");
        assertThat(decoder.decode("good-token").getSubject()).isEqualTo("user");
        assertThat(verified).hasValue(1);
        assertThat(validated).hasValue(2);
    }

    @Test
    void aRememberedTokenStillFailsValidationAtOnce() {
        decoder.decode("good-token");
        accountActive.set(false);
        assertThatThrownBy(() -> decoder.decode("good-token"))
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("account erased");
    }

    @Test
    void aTokenThatFailsVerificationIsNotRemembered() {
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThat(verified).hasValue(2);
        assertThat(validated).hasValue(0);
    }
}
