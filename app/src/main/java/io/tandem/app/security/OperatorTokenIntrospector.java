package io.tandem.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Accepts exactly the configured operator token. Both sides are hashed before the constant-time comparison, so
 * neither the token's length nor its prefix leaks through timing.
 */
final class OperatorTokenIntrospector implements OpaqueTokenIntrospector {

    static final String OPERATOR_ROLE = "ROLE_OPERATOR";

    private final byte[] expected;

    OperatorTokenIntrospector(OperatorProperties properties) {
        this.expected = properties.token() == null ? null : sha256(properties.token());
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        if (expected == null) {
            throw new BadOpaqueTokenException("Operator access is disabled (TANDEM_OPERATOR_TOKEN is not set)");
        }
        if (!MessageDigest.isEqual(expected, sha256(token))) {
            throw new BadOpaqueTokenException("Not the operator token");
        }
        return new DefaultOAuth2AuthenticatedPrincipal("operator", Map.of("sub", "operator"),
                List.of(new SimpleGrantedAuthority(OPERATOR_ROLE)));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
