package io.tandem.app.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Issues the short-lived access tokens that every protected request carries. */
@Component
public class AccessTokens {

    static final String ISSUER = "tandem";
    static final String EMAIL_CLAIM = "email";
    static final String ROLES_CLAIM = "roles";
    static final String AUDITOR_ROLE = "auditor";
    /** The login session (refresh token family) a token belongs to, so that logging out ends all of them. */
    static final String SESSION_CLAIM = "sid";

    /** A signed access token and the instant it stops being accepted. */
    public record AccessToken(String value, Instant expiresAt) {
    }

    private final JwtEncoder encoder;
    private final AuthProperties properties;

    AccessTokens(JwtEncoder encoder, AuthProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    /**
     * A token of the login session {@code sessionId}, with an id ({@code jti}) of its own for the deny-list. The
     * auditor role needs a listed email that its owner verified: anyone may register any address.
     */
    public AccessToken issue(UUID userId, String email, UUID sessionId, boolean emailVerified) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(userId.toString())
                .id(UUID.randomUUID().toString())
                .claim(SESSION_CLAIM, sessionId.toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(EMAIL_CLAIM, email)
                .claim(ROLES_CLAIM, emailVerified && properties.isAuditor(email) ? List.of(AUDITOR_ROLE) : List.of())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(value, expiresAt);
    }
}
