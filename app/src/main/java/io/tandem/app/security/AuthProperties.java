package io.tandem.app.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of authentication ({@code tandem.auth.*}).
 *
 * @param jwtSecret       base64 HS256 key of at least 32 bytes; empty means "generate one and keep it in dataDir"
 * @param dataDir         where a generated key is kept so that restarts keep sessions valid
 * @param accessTokenTtl  lifetime of an access token
 * @param refreshTokenTtl lifetime of a refresh token (each rotation starts a new one)
 * @param bcryptStrength  log2 rounds of bcrypt; tests lower it to 4 for speed
 * @param auditors        emails (case-insensitive) whose tokens carry the global {@code auditor} role, once verified
 * @param verificationTokenTtl  lifetime of an email verification token
 * @param passwordResetTokenTtl lifetime of a password reset token
 */
@ConfigurationProperties("tandem.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("./.data") Path dataDir,
        @DefaultValue("PT15M") Duration accessTokenTtl,
        @DefaultValue("P30D") Duration refreshTokenTtl,
        @DefaultValue("12") int bcryptStrength,
        @DefaultValue List<String> auditors,
        @DefaultValue("P1D") Duration verificationTokenTtl,
        @DefaultValue("PT1H") Duration passwordResetTokenTtl) {

    public AuthProperties {
        auditors = auditors == null ? List.of() : auditors.stream()
                .map(String::strip)
                .filter(email -> !email.isEmpty())
                .map(email -> email.toLowerCase(Locale.ROOT))
                .toList();
    }

    public boolean isAuditor(String email) {
        return email != null && auditors.contains(email.strip().toLowerCase(Locale.ROOT));
    }
}
